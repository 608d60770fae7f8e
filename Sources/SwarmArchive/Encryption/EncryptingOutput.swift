import CArchive
import SwarmCrypto
import SwarmFileSystem
import SystemPackage

/// Where libarchive's compressed output goes when an archive is encrypted: cut into chunks of
/// `EncryptedArchiveHeader.chunkByteCount`, each sealed and written as a frame; `finish` seals
/// the rest as the final chunk. Owned by one `ArchiveWriter`.
final class EncryptingOutput {
    private let descriptor: FileDescriptor
    private let path: FilePath
    private let associatedData: [UInt8]
    private var sealer: SecretStream.Sealer
    private var pending: [UInt8] = []
    private var isFinished = false
    /// The first write failure; libarchive only learns that the callback failed.
    private(set) var failure: FileSystemError?

    /// Writes the clear header and the stream header to `descriptor`, then seals under `contentKey`.
    init(descriptor: FileDescriptor, path: FilePath, header: EncryptedArchiveHeader, contentKey: SecretKey) throws(FileSystemError) {
        self.descriptor = descriptor
        self.path = path
        self.associatedData = header.encoded
        self.sealer = SecretStream.Sealer(key: contentKey)
        try Self.write(associatedData + sealer.header, to: descriptor, path: path)
        pending.reserveCapacity(EncryptedArchiveHeader.chunkByteCount)
    }

    /// Takes `bytes` of compressed output; returns false after a write failure.
    func take(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard failure == nil else { return false }
        var rest = bytes
        while !rest.isEmpty {
            let room = EncryptedArchiveHeader.chunkByteCount - pending.count
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest.prefix(room)))
            rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(room))
            if pending.count == EncryptedArchiveHeader.chunkByteCount, !sealPending(isFinal: false) { return false }
        }
        return true
    }

    /// Seals what is left as the final chunk; returns false after a write failure.
    func finish() -> Bool {
        guard failure == nil else { return false }
        guard !isFinished else { return true }
        isFinished = true
        return sealPending(isFinal: true)
    }

    private func sealPending(isFinal: Bool) -> Bool {
        let sealed = pending.withUnsafeBytes { sealer.seal($0, associatedData: associatedData, isFinal: isFinal) }
        pending.removeAll(keepingCapacity: true)
        var frame: [UInt8] = []
        frame.reserveCapacity(4 + sealed.count)
        withUnsafeBytes(of: UInt32(sealed.count).littleEndian) { frame += $0 }
        frame += sealed
        do {
            try Self.write(frame, to: descriptor, path: path)
            return true
        } catch {
            failure = error
            return false
        }
    }

    private static func write(_ bytes: [UInt8], to descriptor: FileDescriptor, path: FilePath) throws(FileSystemError) {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(FileSystemError) in try FileSystemCalls.writeAll(descriptor, buffer, path: path) }
        }.get()
    }

    /// Opens `archive` for writing into `output` (which must outlive the archive).
    static func open(_ archive: OpaquePointer, into output: EncryptingOutput) -> Bool {
        let context = Unmanaged.passUnretained(output).toOpaque()
        return archive_write_open2(archive, context, nil, writeCallback, closeCallback, nil) == ARCHIVE_OK
    }
}

private func writeCallback(_ archive: OpaquePointer?, _ context: UnsafeMutableRawPointer?, _ buffer: UnsafeRawPointer?, _ length: Int) -> Int {
    guard let context else { return -1 }
    let output = Unmanaged<EncryptingOutput>.fromOpaque(context).takeUnretainedValue()
    return output.take(UnsafeRawBufferPointer(start: buffer, count: length)) ? length : -1
}

private func closeCallback(_ archive: OpaquePointer?, _ context: UnsafeMutableRawPointer?) -> Int32 {
    guard let context else { return ARCHIVE_FATAL }
    let output = Unmanaged<EncryptingOutput>.fromOpaque(context).takeUnretainedValue()
    return output.finish() ? ARCHIVE_OK : ARCHIVE_FATAL
}
