package icons

import (
	"bytes"
	"image/png"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAppIconIsASquarePNG(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(AppIcon.Content()))
	require.NoError(t, err)
	b := img.Bounds()
	assert.Equal(t, b.Dx(), b.Dy(), "icon must be square")
	assert.GreaterOrEqual(t, b.Dx(), 256, "icon must be large enough for installers")
	assert.Contains(t, string(AppIconSVG.Content()), "<svg")
}
