extension Array where Element: Sendable {
    /// The elements as an async sequence, as a network or file stream would deliver them.
    public var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}
