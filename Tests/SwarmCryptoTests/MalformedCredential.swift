import Testing

/// One row of a malformed-credential table: the text, the error it must give, and a phrase the
/// error's message must contain.
struct MalformedCredential<Failure: Error & Hashable & Sendable>: CustomTestStringConvertible, Sendable {
    let name: String
    let text: String
    let error: Failure
    let phrase: String
    var testDescription: String { name }
}
