package ch06

// toFahrenheit is a leaf: it calls nothing.
func toFahrenheit(celsius float32) float32 {
	return celsius*1.8 + 32
}

// toCelsius is a leaf too.
func toCelsius(fahrenheit float32) float32 {
	return (fahrenheit - 32) / 1.8
}

// roundTrip is not a leaf: it calls two functions. Since Go 1.12 it can be
// inlined all the same (mid-stack inlining), and the calls inside it are.
func roundTrip(celsius float32) float32 {
	return toCelsius(toFahrenheit(celsius))
}

// convertAll calls roundTrip once per element.
func convertAll(temps []float32) {
	for i := range temps {
		temps[i] = roundTrip(temps[i])
	}
}
