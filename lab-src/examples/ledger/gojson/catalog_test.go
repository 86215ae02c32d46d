package gojson

import (
	"encoding/json"
	"testing"
)

const products = 200

var (
	encoded []byte
	decoded Catalog
)

func BenchmarkMarshal(b *testing.B) {
	c := NewCatalog(products)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := json.Marshal(&c)
		if err != nil {
			b.Fatal(err)
		}
		encoded = out
	}
}

func BenchmarkUnmarshal(b *testing.B) {
	data, err := json.Marshal(NewCatalog(products))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var c Catalog
		if err := json.Unmarshal(data, &c); err != nil {
			b.Fatal(err)
		}
		decoded = c
	}
}
