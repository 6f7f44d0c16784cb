// Package ingest is the bundled example of structured inputs: an event-ingestion service whose
// cold code sits behind decoders (JSON, XML, Protobuf, regular expressions, time layouts, URLs and
// addresses, binary frames). Its tests exercise the happy paths only.
package ingest
