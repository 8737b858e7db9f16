//go:build js && wasm

// Command client is the sample's browser client, compiled to WebAssembly.
// Kickstart builds it as a project reference of the server, which serves it
// at /client/. It uses the standard library only (syscall/js).
package main

import (
	"fmt"
	"runtime"
	"syscall/js"
)

func main() {
	doc := js.Global().Get("document")
	out := doc.Call("getElementById", "wasm-output")
	button := doc.Call("getElementById", "wasm-button")
	if out.IsNull() || button.IsNull() {
		js.Global().Get("console").Call("error", "client: the page has no #wasm-output or #wasm-button")
		return
	}
	out.Set("textContent", fmt.Sprintf("Hello from Go %s running in your browser (%s/%s).", runtime.Version(), runtime.GOOS, runtime.GOARCH))

	clicks := 0
	onClick := js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		clicks++
		out.Set("textContent", fmt.Sprintf("Go counted %d click(s).", clicks))
		return nil
	})
	button.Call("addEventListener", "click", onClick)

	// Keep the Go runtime alive: the click handler runs on it.
	select {}
}
