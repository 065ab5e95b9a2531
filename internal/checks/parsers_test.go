package checks

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"mdlint/lint/linttest"
)

func TestParserLinkName(t *testing.T) {
	linttest.Run(t, "../../testdata/rules/parser-link-name", ParserLinkName)
}

func TestParserProduct(t *testing.T) {
	linttest.Run(t, "../../testdata/rules/parser-product", ParserProduct)
}

func TestRelatedName(t *testing.T) {
	ds := [][]string{nameTokens("Avaya"), nameTokens("Avaya VPN")}
	cache := map[string][]string{}
	for v, want := range map[string]bool{
		"Avaya VPN":  true,
		"AVAYA":      true,
		"avaya-vpn":  true,
		"":           true, // claims nothing
		"Zscaler":    false,
		"Avaya Inc.": true, // contains the vendor's words
		"Avay":       false,
	} {
		assert.Equal(t, want, relatedName(v, ds, cache), v)
	}
	box := [][]string{nameTokens("Box"), nameTokens("Box Cloud Content Management")}
	assert.False(t, relatedName("Dropbox", box, cache), "a word containing the name is another name")
	assert.True(t, relatedName("box cloud-content management", box, cache))
	assert.Equal(t, "x", unquoteName(` "x" `))
	assert.Equal(t, "x", unquoteName(`'x'`))
	assert.Equal(t, `"x`, unquoteName(`"x`))
}
