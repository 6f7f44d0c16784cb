// Package feed reads the XML partner feeds of the ingestion service.
package feed

import (
	"encoding/xml"
	"errors"
)

// Feed is a partner feed document.
type Feed struct {
	XMLName xml.Name `xml:"feed"`
	Version string   `xml:"version,attr"`
	Title   string   `xml:"title"`
	Author  string   `xml:"author>name"`
	Entries []Entry  `xml:"entry"`
	Extra   Extra    `xml:"extra"`
}

// Entry is one feed entry: attributes and its text.
type Entry struct {
	ID   string `xml:"id,attr"`
	Kind string `xml:"kind,attr"`
	Body string `xml:",chardata"`
}

// Extra keeps its inner markup as is.
type Extra struct {
	Raw string `xml:",innerxml"`
}

// ErrVersion is returned for feeds of another version.
var ErrVersion = errors.New("feed: unsupported version")

// Summarize decodes a feed and says what needs attention.
func Summarize(data []byte) (string, error) {
	var f Feed
	if err := xml.Unmarshal(data, &f); err != nil {
		return "", err
	}
	if f.Version != "2.0" {
		return "", ErrVersion
	}
	if f.Author == "ops" {
		return "operations", nil
	}
	if len(f.Entries) > 3 {
		return "batch", nil
	}
	if len(f.Entries) == 0 {
		return "empty", nil
	}
	if f.Entries[0].Kind == "alert" {
		return "alert", nil
	}
	if f.Entries[0].Body == "STOP" {
		return "stop", nil
	}
	if f.Extra.Raw != "" {
		return "extended", nil
	}
	return "plain", nil
}
