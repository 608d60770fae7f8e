import CArchive
import SwarmCrypto
import SwarmFileSystem
import SystemPackage

/// Where libarchive reads an encrypted archive's compressed stream from: frame by frame from
/// the file, each chunk opened (authenticated) before libarchive sees a byte of it. Owned by one
/// `ArchiveReader`.
final class DecryptingInput {
    private let descriptor: FileDescriptor
    private let path: FilePath
    private let associatedData: [UInt8]
    private var opener: SecretStream.Opener
    private var offset: Int64
    /// Where the frames end (the trailer, when there is one, follows).
    private let end: Int64
    /// The plaintext of the chunk libarchive is reading (it reads it in place).
    private let chunk: UnsafeMutableRawBufferPointer
    private var chunkNumber = 0
    private var isFinished = false
    /// What went wrong, in words; libarchive only learns that the callback failed.
    private(set) var failure: String?

    /// Reads the frames after `header` and the stream header, up to `end`, with `contentKey`.
    init(descriptor: FileDescriptor, path: FilePath, header: EncryptedArchiveHeader, contentKey: SecretKey, end: Int64) throws(ArchiveError) {
        let associatedData = header.encoded
        var streamHeader = [UInt8](repeating: 0, count: SecretStream.headerByteCount)
        let offset = Int64(associatedData.count)
        let count = try streamHeader.withUnsafeMutableBytes { bytes in
            Result { () throws(ArchiveError) in try fileSystem(FileSystemCalls.read(descriptor, at: offset, into: bytes, path: path)) }
        }.get()
        guard count == streamHeader.count, let opener = try? SecretStream.Opener(key: contentKey, header: streamHeader) else {
            throw .decryptionFailed(archive: path, reason: "its encrypted stream header is missing or damaged")
        }
        self.descriptor = descriptor
        self.path = path
        self.associatedData = associatedData
        self.opener = opener
        self.offset = offset + Int64(streamHeader.count)
        self.end = end
        self.chunk = .allocate(byteCount: EncryptedArchiveHeader.chunkByteCount, alignment: 16)
    }

    deinit {
        chunk.deallocate()
    }

    /// Opens the next chunk into `chunk`; returns its length (0 at the end of the stream), or
    /// nil on failure.
    func next() -> Int? {
        guard failure == nil else { return nil }
        if isFinished {
            return 0
        }
        guard let lengthBytes = read(4), lengthBytes.count == 4 else {
            return fail("it ends after chunk \(chunkNumber) without the final chunk: it was cut short")
        }
        let length = Int(lengthBytes[0]) | Int(lengthBytes[1]) << 8 | Int(lengthBytes[2]) << 16 | Int(lengthBytes[3]) << 24
        guard length <= EncryptedArchiveHeader.chunkByteCount + SecretStream.chunkOverheadByteCount,
            let sealed = read(length), sealed.count == length
        else {
            return fail("encrypted chunk \(chunkNumber) has a damaged length or is cut short")
        }
        do {
            let (plaintext, isFinal) = try sealed.withUnsafeBytes { bytes in
                Result { () throws(EnvelopeError) in try opener.open(bytes, associatedData: associatedData) }
            }.get()
            guard plaintext.count <= chunk.count else { return fail("encrypted chunk \(chunkNumber) is larger than any swarmd writes") }
            chunkNumber += 1
            if isFinal {
                guard offset == end else { return fail("data follows its final encrypted chunk") }
                isFinished = true
            }
            chunk.copyBytes(from: plaintext)
            return plaintext.count
        } catch {
            return fail("encrypted chunk \(chunkNumber) does not authenticate: it was altered or damaged")
        }
    }

    private func fail(_ reason: String) -> Int? {
        failure = reason
        return nil
    }

    private func read(_ count: Int) -> [UInt8]? {
        guard offset + Int64(count) <= end else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        let (descriptor, path, offset) = (descriptor, path, offset)
        guard let filled = try? bytes.withUnsafeMutableBytes({ buffer in
            Result { () throws(FileSystemError) in try FileSystemCalls.read(descriptor, at: offset, into: buffer, path: path) }
        }).get() else { return nil }
        self.offset += Int64(filled)
        return Array(bytes.prefix(filled))
    }

    /// Where `next` puts each chunk's plaintext.
    var chunkStart: UnsafeRawPointer? { UnsafeRawPointer(chunk.baseAddress) }

    /// Opens `archive` for reading from `input` (which must outlive the archive).
    static func open(_ archive: OpaquePointer, from input: DecryptingInput) -> Bool {
        let context = Unmanaged.passUnretained(input).toOpaque()
        return archive_read_open(archive, context, nil, readCallback, nil) == ARCHIVE_OK
    }
}

private func readCallback(_ archive: OpaquePointer?, _ context: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<UnsafeRawPointer?>?) -> Int {
    guard let context, let buffer else { return -1 }
    let input = Unmanaged<DecryptingInput>.fromOpaque(context).takeUnretainedValue()
    guard let count = input.next() else { return -1 }
    buffer.pointee = input.chunkStart
    return count
}
