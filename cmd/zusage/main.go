package main

import (
	_ "fyne.io/fyne/v2/app"
	_ "fyne.io/fyne/v2/test"
	_ "github.com/emersion/go-ical"
	_ "github.com/glebarez/sqlite"
	_ "github.com/stretchr/testify/require"
	_ "gorm.io/gorm"
)

func main() {}
