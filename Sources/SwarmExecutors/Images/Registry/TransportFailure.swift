#if canImport(Glibc)
import Glibc
#endif
import NIOCore

/// Words for why a connection failed, from the errors NIO and the HTTP client throw.
enum TransportFailure {
    /// How deep into an error's stored properties an `IOError` is looked for.
    private static let searchDepthLimit = 4

    /// "connection refused" for an error that carries `ECONNREFUSED` (NIO wraps it in a connection
    /// error whose type is not public here), else the error's own description.
    static func reason(for error: any Error) -> String {
        guard let ioError = firstIOError(in: error, depth: 0) else { return "\(error)" }
        return String(cString: strerror(ioError.errnoCode)).lowercased()
    }

    private static func firstIOError(in value: Any, depth: Int) -> IOError? {
        if let ioError = value as? IOError { return ioError }
        guard depth < searchDepthLimit else { return nil }
        for child in Mirror(reflecting: value).children {
            if let found = firstIOError(in: child.value, depth: depth + 1) { return found }
        }
        return nil
    }
}
