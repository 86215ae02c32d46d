package main
import ("fmt"; "math/rand"; "time")
func main() { live := make([][]byte, 4000); end := time.Now().Add(1500 * time.Millisecond); for time.Now().Before(end) { b := make([]byte, 1<<14); live[rand.Intn(len(live))] = b }; fmt.Println(len(live)) }
