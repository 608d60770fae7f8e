/// Why a call to swarmd's API failed, in words for the operator.
public enum APIClientError: Error, Sendable, CustomStringConvertible {
    /// swarmd refused the request: its message.
    case refused(String)
    /// The socket could not be reached.
    case unreachable(socket: String, reason: String)
    /// swarmd answered something that is not what the call returns.
    case unexpectedAnswer(String)
    /// `--host` (or `$SWARMD_HOST`, `$DOCKER_HOST`) is not a unix socket URL.
    case badHost(String)
    /// The socket path is too long for a unix socket, or the request path cannot be a URL.
    case unusablePath(socket: String, request: String)

    public var description: String {
        switch self {
        case .refused(let message):
            "Error response from daemon: \(message)"
        case .unreachable(let socket, let reason):
            "cannot reach swarmd at \(socket) (\(reason)): is it running, and is --host (or SWARMD_HOST) its socket?"
        case .unexpectedAnswer(let path):
            "swarmd answered \(path) with something other than what this client expects: are the client and swarmd the same release?"
        case .badHost(let text):
            "--host must be unix:///ABSOLUTE/PATH (swarmd serves its API on a unix socket), not \(text)"
        case .unusablePath(let socket, let request):
            "the socket path \(socket)\(request.isEmpty ? "" : " or the request path \(request)") cannot be used (a unix socket path has at most 107 bytes)"
        }
    }
}
