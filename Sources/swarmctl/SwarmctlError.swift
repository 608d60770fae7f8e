/// Why a swarmctl command failed, in words for the operator.
enum SwarmctlError: Error, CustomStringConvertible {
    /// swarmd refused the request: its message.
    case refused(String)
    /// The socket could not be reached.
    case unreachable(socket: String, reason: String)
    /// swarmd answered something that is not what the call returns.
    case unexpectedAnswer(String)
    /// The command line itself is wrong.
    case usage(String)

    var description: String {
        switch self {
        case .refused(let message):
            "Error response from daemon: \(message)"
        case .unreachable(let socket, let reason):
            "cannot reach swarmd at \(socket) (\(reason)): is it running, and is --host (or SWARMD_HOST) its socket?"
        case .unexpectedAnswer(let path):
            "swarmd answered \(path) with something other than what swarmctl expects: are swarmctl and swarmd the same release?"
        case .usage(let message):
            message
        }
    }
}
