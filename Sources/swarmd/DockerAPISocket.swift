import ArgumentParser
import Foundation
import Logging
import SystemPackage

/// The Docker API socket file: its directory made, a stale socket from an earlier run removed,
/// and its mode set to 0660 once bound (the owner and its group may use the API).
enum DockerAPISocket {
    static func prepare(_ socket: FilePath) throws {
        let directory = socket.removingLastComponent()
        try FileManager.default.createDirectory(atPath: directory.string, withIntermediateDirectories: true)
        var status = stat()
        guard lstat(socket.string, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFSOCK else {
            throw ValidationError("\(socket) exists and is not a socket; remove it or choose another --host")
        }
        unlink(socket.string)
    }

    static func restrict(_ socket: FilePath, logger: Logger) {
        if chmod(socket.string, 0o660) != 0 {
            logger.warning("could not set the API socket's mode to 0660", metadata: ["socket": "\(socket)", "errno": "\(errno)"])
        }
    }
}
