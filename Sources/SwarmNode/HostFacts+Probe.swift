import DockerAPI
import Foundation
import SwarmVersion

extension HostFacts {
    /// This host's facts: kernel and architecture from `uname`, CPUs, memory from /proc/meminfo.
    static func probe(hostname: String) -> HostFacts {
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let machine = withUnsafeBytes(of: &name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let architecture = machine == "x86_64" ? "x86_64" : machine
        return HostFacts(
            hostname: hostname, kernelVersion: release, operatingSystem: operatingSystemName(), architecture: architecture,
            cpuCount: ProcessInfo.processInfo.activeProcessorCount, memoryBytes: Int64(ProcessInfo.processInfo.physicalMemory),
            serverVersion: SwarmVersion.current
        )
    }

    /// `PRETTY_NAME` from /etc/os-release, or "Linux".
    private static func operatingSystemName() -> String {
        guard let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) else { return "Linux" }
        for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            return String(line.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return "Linux"
    }
}
