import ArgumentParser

/// A duration written as Docker's CLI takes it (`90s`, `5m`, `720h`, `1h30m`), in nanoseconds.
struct GoDuration: ExpressibleByArgument {
    let nanoseconds: Int64

    init?(argument: String) {
        let units: [Character: Double] = ["h": 3_600e9, "m": 60e9, "s": 1e9]
        var total = 0.0
        var number = ""
        var text = argument[...]
        if text.hasSuffix("ms"), let value = Double(text.dropLast(2)) {
            nanoseconds = Int64(value * 1e6)
            return
        }
        while let character = text.first {
            text = text.dropFirst()
            if character.isNumber || character == "." {
                number.append(character)
            } else if let unit = units[character], let value = Double(number) {
                total += value * unit
                number = ""
            } else {
                return nil
            }
        }
        guard number.isEmpty, total > 0 else { return nil }
        nanoseconds = Int64(total)
    }
}
