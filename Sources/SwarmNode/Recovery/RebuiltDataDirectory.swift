import Foundation
import SwarmFileSystem
public import SystemPackage

/// A node's storage rebuilt in a staging directory inside its data directory (same
/// filesystem), and how it takes the place of the current one. `state.json` goes last, since
/// its presence marks a complete node: a crash before it leaves the node as it was (or, in an
/// empty directory, not in a swarm); the Raft directory is exchanged in one atomic step, so it
/// is always either the old or the new one.
public struct RebuiltDataDirectory: Sendable {
    /// The data directory.
    public let dataDirectory: FilePath
    /// Where the new storage is written before it takes its place.
    public let staging: FilePath

    /// Creates an empty staging directory in `dataDirectory` (which must exist and be held).
    public init(in dataDirectory: FilePath, purpose: String) throws(SwarmNodeError) {
        self.dataDirectory = dataDirectory
        self.staging = dataDirectory.appending(".\(purpose)-\(Int(Date().timeIntervalSince1970))-\(getpid())")
        do {
            try FileSystemCalls.makeDirectory(staging, permissions: .ownerReadWriteExecute)
        } catch {
            throw .storage("creating the staging directory \(staging) failed: \(error)")
        }
    }

    /// The names the rebuilt storage has, in the order they are put in place.
    static let names = ["raft", NodeCredentials.fileName, NodeStateFile.fileName]

    /// Puts the rebuilt storage in place. What it replaces ends up in
    /// `<data dir>/replaced-<time>`, which is returned (nil when nothing was replaced).
    public func install() throws(SwarmNodeError) -> FilePath? {
        let replaced = dataDirectory.appending("replaced-\(Int(Date().timeIntervalSince1970))-\(getpid())")
        var isReplacing = false
        do {
            for name in Self.names {
                let new = staging.appending(name), current = dataDirectory.appending(name)
                guard FileSystemCalls.exists(new) else { continue }
                if !FileSystemCalls.exists(current) {
                    try FileSystemCalls.rename(new, to: current)
                    continue
                }
                if !isReplacing {
                    try FileSystemCalls.makeDirectory(replaced, permissions: .ownerReadWriteExecute)
                    isReplacing = true
                }
                // Exchange, then move the old one aside: the current name always holds one of them.
                try FileSystemCalls.exchange(new, current)
                try FileSystemCalls.rename(new, to: replaced.appending(name))
            }
            try FileSystemCalls.synchronizeDirectory(dataDirectory)
            try FileSystemCalls.removeDirectory(staging)
        } catch {
            throw .storage("putting the rebuilt storage from \(staging) in place failed: \(error); run the same command again")
        }
        return isReplacing ? replaced : nil
    }

    /// Moves everything in the data directory except its lock and the staging directory into
    /// `<data dir>/replaced-<time>` (a restore over a node with `--force`); returns it, or nil
    /// when the directory held nothing. `state.json` goes first, so a crash part-way leaves a
    /// node that is simply not in a swarm.
    public func setAsideCurrentContents() throws(SwarmNodeError) -> FilePath? {
        let aside = dataDirectory.appending("replaced-\(Int(Date().timeIntervalSince1970))-\(getpid())-before")
        do {
            let names = try FileSystemCalls.sortedNames(in: dataDirectory).filter {
                $0 != DataDirectoryLock.fileName && dataDirectory.appending($0) != staging
            }
            guard !names.isEmpty else { return nil }
            try FileSystemCalls.makeDirectory(aside, permissions: .ownerReadWriteExecute)
            let ordered = names.filter { $0 == NodeStateFile.fileName } + names.filter { $0 != NodeStateFile.fileName }
            for name in ordered {
                try FileSystemCalls.rename(dataDirectory.appending(name), to: aside.appending(name))
            }
            try FileSystemCalls.synchronizeDirectory(dataDirectory)
        } catch {
            throw .storage("setting aside the contents of \(dataDirectory) failed: \(error)")
        }
        return aside
    }
}
