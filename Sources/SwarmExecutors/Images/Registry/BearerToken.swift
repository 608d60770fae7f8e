import Foundation

/// A token from a registry's token service. Never printed: it is a credential.
struct BearerToken: CustomStringConvertible {
    let value: String
    /// How long it may be used, a little less than the service said so it never expires in flight.
    let lifetime: Duration

    /// The largest token answer accepted.
    static let answerByteLimit = 1 << 20

    /// The token service's JSON answer: `token` (or `access_token`) and `expires_in` seconds.
    private struct Answer: Decodable {
        var token: String?
        var accessToken: String?
        var expiresIn: Int?

        enum CodingKeys: String, CodingKey {
            case token, accessToken = "access_token", expiresIn = "expires_in"
        }
    }

    /// The token in a token service's answer, or nil if it holds none.
    init?(answer: [UInt8]) {
        guard let decoded = try? JSONDecoder().decode(Answer.self, from: Data(answer)),
            let value = decoded.token ?? decoded.accessToken, !value.isEmpty
        else { return nil }
        self.value = value
        // Docker's token spec: 60 s when the service does not say.
        lifetime = .seconds(max(0, (decoded.expiresIn ?? 60) - 10))
    }

    var description: String { "<bearer token>" }
}
