/// Why a swarmctl command failed, in words for the operator (failures of the API call itself are
/// `APIClientError`s).
enum SwarmctlError: Error, CustomStringConvertible {
    /// The command line itself is wrong.
    case usage(String)
    /// The swarm has no such thing to show.
    case nothingToShow(String)

    var description: String {
        switch self {
        case .usage(let message), .nothingToShow(let message):
            message
        }
    }
}
