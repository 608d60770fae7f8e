import Glibc

/// NULL-terminated arrays of C strings for posix_spawn, valid inside the closure only.
enum CStrings {
    /// Calls `body` with `strings` as a NULL-terminated `char *[]`.
    static func withArray<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }

    /// Calls `body` with `lines` (`NAME=value`) as an environment, or with this process's own
    /// environment when `lines` is nil.
    static func withEnvironment<Result>(_ lines: [String]?, _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>?) -> Result) -> Result {
        guard let lines else { return body(environ) }
        return withArray(lines) { array in array.withUnsafeBufferPointer { body($0.baseAddress) } }
    }
}
