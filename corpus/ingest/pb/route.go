package pb

import (
	"errors"
	"strings"

	"google.golang.org/protobuf/proto"
)

// ErrNoID is returned for events the collector sent without an id.
var ErrNoID = errors.New("pb: event without id")

// Queue decodes one wire-format Event and names the queue it goes to.
func Queue(data []byte) (string, error) {
	var ev Event
	if err := proto.Unmarshal(data, &ev); err != nil {
		return "", err
	}
	if ev.Id == 0 {
		return "", ErrNoID
	}
	if ev.Test {
		return "test", nil
	}
	if ev.Kind == Kind_KIND_REFUND && ev.Amount > 500 {
		return "refund-review", nil
	}
	if ev.Delta < -100 {
		return "correction", nil
	}
	if ev.Stamp == 0 {
		return "unstamped", nil
	}
	if strings.HasPrefix(ev.User, "svc-") {
		return "service", nil
	}
	if len(ev.Token) == 16 {
		return "signed", nil
	}
	if ev.GetGeo().GetRegion() == 49 && ev.GetGeo().GetOffset() < 0 {
		return "eu-west", nil
	}
	if ev.GetDevice() > 9000 {
		return "fleet", nil
	}
	if ev.GetWeb() == "checkout" {
		return "web-checkout", nil
	}
	return itemsQueue(ev.Items), nil
}

// itemsQueue routes by the basket: bulk orders and gift items have their own queues.
func itemsQueue(items []*Item) string {
	if len(items) > 3 {
		return "bulk"
	}
	for _, it := range items {
		if it.Qty > 1000 {
			return "oversize"
		}
		if it.Sku == "GIFT" {
			return "gift"
		}
	}
	return "default"
}
