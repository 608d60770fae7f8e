import ArgumentParser
import Foundation
import SwarmCrypto
import SwarmStorage
import SystemPackage

/// `swarmd storage …`: offline tools for a manager's storage.
struct StorageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Offline tools for a manager's encrypted storage.",
        subcommands: [InspectCommand.self]
    )
}

/// `swarmd storage inspect`: a read-only summary of the storage (segments, index ranges,
/// snapshots, data-key state, whether locked). Never prints a key or a payload; writes nothing.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Summarise a manager's storage without changing it.",
        discussion: "Stop swarmd first, or the summary may catch it mid-write."
    )

    @Option(help: "swarmd's data directory.")
    var dataDir: String = "/var/lib/swarmd"

    @Option(help: "A file holding the unlock key (SWMKEY-1-…), to replay an autolocked log.")
    var unlockKeyFile: String?

    func run() throws {
        let unlockKey = try unlockKeyFile.map(Self.readUnlockKey)
        let inspection = StorageInspector.inspect(directory: FilePath(dataDir).appending("raft"), unlockKey: unlockKey)
        print(inspection)
    }

    private static func readUnlockKey(from path: String) throws -> UnlockKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read the unlock key file \(path): check that it exists and is readable")
        }
        do {
            return try UnlockKey(parsing: String(decoding: data, as: UTF8.self))
        } catch {
            throw ValidationError("\(path): \(error)")
        }
    }
}
