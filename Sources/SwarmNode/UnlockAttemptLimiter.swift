/// Slows down guessing of unlock keys: after each wrong key the next attempt must wait,
/// 1 s after the first, doubling up to a minute; a right key resets it. Pure: the caller
/// passes the time.
struct UnlockAttemptLimiter {
    static let firstDelay = Duration.seconds(1)
    static let delayLimit = Duration.seconds(60)

    private var failures = 0
    private var nextAttempt: ContinuousClock.Instant?

    /// How long until an attempt is allowed at `now`; nil when it is allowed now.
    func wait(at now: ContinuousClock.Instant) -> Duration? {
        guard let nextAttempt, now < nextAttempt else { return nil }
        return nextAttempt - now
    }

    mutating func recordFailure(at now: ContinuousClock.Instant) {
        failures += 1
        let delay = Self.firstDelay * (1 << min(failures - 1, 6))
        nextAttempt = now + min(delay, Self.delayLimit)
    }

    mutating func recordSuccess() {
        failures = 0
        nextAttempt = nil
    }
}
