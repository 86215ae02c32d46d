// Package gojson is a workload for the Go ledger written elsewhere: the standard library's
// encoding/json marshalling and unmarshalling a generated catalog. The allocations that count
// happen inside encoding/json and reflect, not in this file.
package gojson

import (
	"fmt"
	"time"
)

type Catalog struct {
	Name     string    `json:"name"`
	Updated  time.Time `json:"updated"`
	Products []Product `json:"products"`
}

type Product struct {
	ID       int               `json:"id"`
	Title    string            `json:"title"`
	Price    float64           `json:"price"`
	Tags     []string          `json:"tags"`
	Stock    map[string]int    `json:"stock"`
	Variants []Variant         `json:"variants,omitempty"`
	Extra    map[string]string `json:"extra,omitempty"`
}

type Variant struct {
	SKU    string  `json:"sku"`
	Colour string  `json:"colour"`
	Weight float64 `json:"weight"`
}

// NewCatalog builds the same catalog of n products every time.
func NewCatalog(n int) Catalog {
	colours := []string{"red", "green", "blue", "black"}
	c := Catalog{Name: "lab catalog", Updated: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	for i := 0; i < n; i++ {
		p := Product{
			ID:    i,
			Title: fmt.Sprintf("Product %d, a thing of %d parts", i, i%17+1),
			Price: float64(i%1000) + 0.99,
			Tags:  []string{"tag" + fmt.Sprint(i%7), "tag" + fmt.Sprint(i%11)},
			Stock: map[string]int{"north": i % 5, "south": i % 3},
		}
		for v := 0; v < i%4; v++ {
			p.Variants = append(p.Variants, Variant{SKU: fmt.Sprintf("SKU-%d-%d", i, v), Colour: colours[v], Weight: 0.5 * float64(v+1)})
		}
		if i%10 == 0 {
			p.Extra = map[string]string{"note": "every tenth product has a note"}
		}
		c.Products = append(c.Products, p)
	}
	return c
}
