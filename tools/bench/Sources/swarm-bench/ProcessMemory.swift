import Foundation

/// This process's memory from /proc/self/status.
enum ProcessMemory {
    /// Resident memory now, in KiB (VmRSS).
    static var residentKiB: Int { field("VmRSS:") }
    /// The most resident memory so far, in KiB (VmHWM).
    static var peakResidentKiB: Int { field("VmHWM:") }

    private static func field(_ name: String) -> Int {
        // /proc files report size 0: read to end of file rather than by size.
        let data = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/status")).readToEnd()) ?? nil
        let status = String(decoding: data ?? Data(), as: UTF8.self)
        let line = status.split(separator: "\n").first { $0.hasPrefix(name) } ?? ""
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }
}
