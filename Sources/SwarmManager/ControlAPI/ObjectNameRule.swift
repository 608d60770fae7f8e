/// Docker's rule for secret and config names: 1 to 64 characters from `[a-zA-Z0-9-_.]`,
/// starting and ending with a letter or digit.
enum ObjectNameRule {
    static let maximumLength = 64

    static func validate(_ name: String, of kind: String) throws(ControlError) {
        let characters = Array(name.utf8)
        let isEdge = { (byte: UInt8) in isAlphanumeric(byte) }
        let isInner = { (byte: UInt8) in isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") }
        guard !characters.isEmpty, characters.count <= maximumLength, isEdge(characters.first!), isEdge(characters.last!),
            characters.allSatisfy(isInner)
        else {
            throw ControlError(
                .invalidArgument,
                "invalid \(kind) name \"\(name.prefix(80))\": only \(maximumLength) [a-zA-Z0-9-_.] characters allowed, and the start and end character must be [a-zA-Z0-9]"
            )
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
