import Foundation

/// What an image's configuration says about running it: the process defaults a task starts
/// from, and the platform it was built for.
public struct ImageConfiguration: Sendable, Equatable {
    /// `ENTRYPOINT`; nil when the image sets none.
    public var entrypoint: [String]?
    /// `CMD`; nil when the image sets none.
    public var command: [String]?
    /// `ENV`, as `NAME=value` lines.
    public var environment: [String]
    /// `WORKDIR`; nil when the image sets none.
    public var workingDirectory: String?
    /// `USER` (`name`, `uid`, `uid:gid`…); nil when the image sets none.
    public var user: String?
    /// The platform the image was built for.
    public var platform: ImagePlatform

    /// The largest configuration accepted: they are a few kilobytes, a long history a few hundred.
    static let byteLimit = 8 << 20

    /// The JSON of an image configuration, as far as swarmd reads it.
    private struct Document: Decodable {
        struct Process: Decodable {
            var entrypoint: [String]?
            var command: [String]?
            var environment: [String]?
            var workingDirectory: String?
            var user: String?

            enum CodingKeys: String, CodingKey {
                case entrypoint = "Entrypoint", command = "Cmd", environment = "Env", workingDirectory = "WorkingDir", user = "User"
            }
        }
        var os: String
        var architecture: String
        var variant: String?
        var config: Process?
    }

    /// Decodes the configuration JSON `bytes`; the error is the decoder's.
    init(decoding bytes: [UInt8]) throws {
        let document = try JSONDecoder().decode(Document.self, from: Data(bytes))
        let process = document.config
        entrypoint = process?.entrypoint
        command = process?.command
        environment = process?.environment ?? []
        workingDirectory = process?.workingDirectory.flatMap { $0.isEmpty ? nil : $0 }
        user = process?.user.flatMap { $0.isEmpty ? nil : $0 }
        platform = ImagePlatform(os: document.os, architecture: document.architecture, variant: document.variant)
    }
}
