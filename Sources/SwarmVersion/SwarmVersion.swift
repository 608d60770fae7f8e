/// The release of this build, shared by every executable's `--version` and by the `.deb` package.
///
/// Bump it in this one place when cutting a release; every executable's `--version` and the
/// `.deb` package (issue #7) take it from here.
public enum SwarmVersion {
    /// The semantic version of this build, e.g. `0.1.0`.
    public static let current = "0.1.0"

    /// The line every executable prints for `--version`, e.g. `swarmd version 0.1.0`.
    public static func line(for executable: String) -> String {
        "\(executable) version \(current)"
    }
}
