#if canImport(Glibc)
import Glibc
#endif

/// An operating system and CPU architecture, in the OCI spelling (`linux/amd64`, `linux/arm/v7`).
public struct ImagePlatform: Hashable, Sendable, Codable, CustomStringConvertible {
    public var os: String
    public var architecture: String
    /// The CPU variant, for ARM (`v7`, `v8`); nil where it does not matter.
    public var variant: String?

    public init(os: String, architecture: String, variant: String? = nil) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    /// This host: Linux on the machine `uname -m` names, mapped to the OCI architecture names.
    public static let host: ImagePlatform = {
        var names = utsname()
        uname(&names)
        let machine = withUnsafeBytes(of: &names.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return ImagePlatform(machine: machine)
    }()

    /// The platform of a Linux machine whose `uname -m` is `machine`.
    init(machine: String) {
        switch machine {
        case "x86_64", "amd64": self.init(os: "linux", architecture: "amd64")
        case "aarch64", "arm64": self.init(os: "linux", architecture: "arm64")
        case "armv7l": self.init(os: "linux", architecture: "arm", variant: "v7")
        case "armv6l": self.init(os: "linux", architecture: "arm", variant: "v6")
        case "i386", "i686": self.init(os: "linux", architecture: "386")
        default: self.init(os: "linux", architecture: machine)
        }
    }

    public var description: String {
        "\(os)/\(architecture)" + (variant.map { "/" + $0 } ?? "")
    }

    /// Whether an image built for `candidate` runs here: same OS and architecture, and the same
    /// variant when both name one (`linux/arm64` images rarely say `v8`).
    func runs(_ candidate: ImagePlatform) -> Bool {
        guard candidate.os == os, candidate.architecture == architecture else { return false }
        guard let variant, let candidateVariant = candidate.variant else { return true }
        return variant == candidateVariant
    }

    /// Whether this is a real platform, not the `unknown/unknown` that build attestations carry.
    var isKnown: Bool {
        os != "unknown" && architecture != "unknown"
    }
}

extension ImagePlatform {
    /// The entry of an index (a manifest list) whose image runs on this platform: the first that
    /// matches, as Docker picks.
    func choose(from entries: [ContentDescriptor]) -> ContentDescriptor? {
        entries.first { entry in entry.platform.map(runs) ?? false }
    }
}
