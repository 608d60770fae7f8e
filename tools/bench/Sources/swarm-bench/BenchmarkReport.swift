#if canImport(Glibc)
import Glibc
#endif

/// What a benchmark prints: a header naming the machine, a human table, then one
/// `name value` line per figure, as Docs/benchmarks.md and the design's BENCHMARKS.md require.
struct BenchmarkReport {
    let title: String
    var columns: [String]
    var rows: [[String]] = []
    var figures: [(name: String, value: Double)] = []

    init(title: String, columns: [String]) {
        self.title = title
        self.columns = columns
    }

    mutating func addRow(_ row: [String]) {
        rows.append(row)
    }

    mutating func addFigure(_ name: String, _ value: Double) {
        figures.append((name, value))
    }

    /// Writes the report to standard output.
    func emit() {
        var lines = ["# \(title) — \(Self.machineDescription())", ""]
        let widths = columns.indices.map { column in
            ([columns] + rows).map { $0[column].count }.max() ?? 0
        }
        for (index, row) in ([columns] + rows).enumerated() {
            lines.append(zip(row, widths).map { cell, width in cell + String(repeating: " ", count: width - cell.count) }.joined(separator: "  "))
            if index == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        lines.append("")
        lines += figures.map { "\($0.name) \(Self.format($0.value))" }
        print(lines.joined(separator: "\n"))
    }

    /// A plain decimal number with up to two decimals, no exponent, no unit.
    static func format(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = Int64(abs(hundredths))
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    private static func machineDescription() -> String {
        let memoryGiB = Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_073_741_824
        return "\(sysconf(Int32(_SC_NPROCESSORS_ONLN))) cores, \(format(memoryGiB)) GiB"
    }
}
