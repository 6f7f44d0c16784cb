package pb

import (
	"testing"

	"google.golang.org/protobuf/proto"
)

func TestQueueDefault(t *testing.T) {
	data, err := proto.Marshal(&Event{Id: 7, Kind: Kind_KIND_CLICK, Stamp: 1700000000, User: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	q, err := Queue(data)
	if err != nil || q != "default" {
		t.Fatalf("Queue = %q, %v", q, err)
	}
}
