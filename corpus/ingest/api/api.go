// Package api decodes the JSON requests of the ingestion service: orders with items, metadata
// and an optional shipping address, and a stream of typed events.
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Item is one line of an order.
type Item struct {
	SKU   string  `json:"sku"`
	Qty   int     `json:"qty"`
	Price float64 `json:"price,omitempty"`
}

// Audit is embedded in every request; its fields are promoted.
type Audit struct {
	Actor string `json:"actor"`
	Trace string `json:"-"`
}

// Address is a shipping address.
type Address struct {
	Country string `json:"country"`
	Zip     string `json:"zip,omitempty"`
}

// Request is an ingestion request.
type Request struct {
	Audit
	Kind    string            `json:"kind"`
	Qty     int64             `json:"qty,string"`
	Dash    string            `json:"-,"`
	Items   []Item            `json:"items"`
	Meta    map[string]string `json:"meta,omitempty"`
	Ship    *Address          `json:"ship,omitempty"`
	Channel Channel           `json:"channel"`
	Extra   any               `json:"extra"`
	Secret  string            `json:"-"`
	Urgent  bool
}

// Channel is where a request came from; its wire form is a case-insensitive name.
type Channel string

// UnmarshalJSON accepts the known channel names in any case.
func (c *Channel) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("api: channel: %w", err)
	}
	switch strings.ToLower(s) {
	case "web", "":
		*c = "web"
	case "email":
		*c = "email"
	case "partner":
		*c = "partner"
	default:
		return fmt.Errorf("api: unknown channel %q", s)
	}
	return nil
}

// Classify decodes a request and decides which queue it goes to.
func Classify(body []byte) (string, error) {
	var req Request
	if err := json.Unmarshal(body, &req); err != nil {
		return "", fmt.Errorf("api: decode: %w", err)
	}
	if req.Kind == "refund" && req.Qty > 100 {
		return "review", nil
	}
	if len(req.Items) == 0 {
		return "empty", nil
	}
	if req.Meta["trace"] != "" {
		return "traced", nil
	}
	if req.Ship != nil && req.Ship.Country == "NZ" {
		return "export", nil
	}
	if req.Actor == "system" {
		return "internal", nil
	}
	if req.Dash == "x" {
		return "dash", nil
	}
	if req.Urgent {
		return "urgent", nil
	}
	if m, ok := req.Extra.(map[string]any); ok && m["source"] == "import" {
		return "imported", nil
	}
	if req.Items[0].Qty > 50 {
		return "bulk", nil
	}
	return "standard", nil
}

// Event is one record of an event stream.
type Event struct {
	Type    string          `json:"type"`
	Seq     uint32          `json:"seq"`
	Data    json.RawMessage `json:"data"`
	Retries *int            `json:"retries"`
}

// ErrNoType is returned for events without a type.
var ErrNoType = errors.New("api: event without type")

// ReadEvent decodes one event from r.
func ReadEvent(r io.Reader) (string, error) {
	var ev Event
	if err := json.NewDecoder(r).Decode(&ev); err != nil {
		return "", err
	}
	if ev.Type == "" {
		return "", ErrNoType
	}
	if ev.Seq >= 1000000 {
		return "replay", nil
	}
	if len(ev.Data) == 0 {
		return "bare", nil
	}
	if ev.Retries != nil && *ev.Retries > 3 {
		return "dead-letter", nil
	}
	switch ev.Type {
	case "ping":
		return "pong", nil
	case "shutdown":
		return "bye", nil
	}
	return "event", nil
}

// Node is a category tree; it contains itself.
type Node struct {
	Name     string  `json:"name"`
	Children []*Node `json:"children"`
	Parent   *Node   `json:"parent,omitempty"`
}

// Tree decodes a category tree and reports its shape.
func Tree(body []byte) (string, error) {
	var root Node
	if err := json.Unmarshal(body, &root); err != nil {
		return "", err
	}
	if root.Name != "catalog" {
		return "foreign", nil
	}
	if len(root.Children) > 2 {
		return "wide", nil
	}
	return "narrow", nil
}

// Stream is a live subscription; it cannot be built from fuzz input (a channel field).
type Stream struct {
	Name string
	Done chan struct{}
}

// Label names a stream under a prefix.
func Label(s Stream, prefix string) string {
	if prefix == "" {
		return s.Name
	}
	return prefix + "/" + s.Name
}

type sink interface {
	write(p []byte) error
}

// Forward sends a request body to a sink of this package (an unexported interface).
func Forward(s sink, body []byte) error {
	if len(body) == 0 {
		return errors.New("api: empty body")
	}
	return s.write(body)
}
