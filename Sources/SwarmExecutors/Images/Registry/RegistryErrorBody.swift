import Foundation

/// The registry API's error answer, `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}`.
enum RegistryErrorBody {
    /// The largest error answer read.
    static let byteLimit = 64 << 10

    private struct Document: Decodable {
        struct Entry: Decodable {
            var code: String?
            var message: String?
        }
        var errors: [Entry]
    }

    /// The messages of the error answer `body`, joined; nil if it is not one.
    static func message(in body: [UInt8]) -> String? {
        guard let document = try? JSONDecoder().decode(Document.self, from: Data(body)) else { return nil }
        let messages = document.errors.compactMap { $0.message ?? $0.code }
        return messages.isEmpty ? nil : messages.joined(separator: "; ")
    }
}
