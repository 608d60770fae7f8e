#if canImport(Glibc)
import Glibc
#endif

/// How test probes (child processes that a test kills) report progress: each line with one
/// write(2) straight to standard output, so nothing sits in a buffer when the kill comes.
public enum ProbeOutput {
    /// Writes `text` and a newline to standard output.
    public static func line(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }
}
