/// Registry tokens by registry and repository, until they expire, so that each blob of a pull
/// does not cost a round trip to the token service. Bounded: at most `entryLimit` tokens.
actor BearerTokenCache {
    private struct Entry {
        let token: String
        let expiry: ContinuousClock.Instant
    }

    static let entryLimit = 64
    private var entries: [String: Entry] = [:]

    /// The unexpired token stored for `key`, if any.
    func token(for key: String) -> String? {
        guard let entry = entries[key] else { return nil }
        guard entry.expiry > .now else {
            entries[key] = nil
            return nil
        }
        return entry.token
    }

    /// Keeps `token` for `key` during `lifetime`, dropping expired tokens (or, when all are
    /// current, the one expiring first) to stay within the limit.
    func store(_ token: String, for key: String, lifetime: Duration) {
        let now = ContinuousClock.now
        if entries.count >= Self.entryLimit {
            entries = entries.filter { $0.value.expiry > now }
        }
        if entries.count >= Self.entryLimit, let soonest = entries.min(by: { $0.value.expiry < $1.value.expiry }) {
            entries[soonest.key] = nil
        }
        entries[key] = Entry(token: token, expiry: now + lifetime)
    }
}
