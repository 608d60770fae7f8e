import Crypto

/// How far the data of one file entry has been written or read, and its running SHA-256: the
/// state both the writer and the reader keep while a file's bytes stream through.
struct FileEntryProgress {
    let path: String
    /// The size the entry's header records.
    let declaredByteCount: Int64
    private(set) var deliveredByteCount: Int64 = 0
    private var hasher = SHA256()

    init(path: String, declaredByteCount: Int64) {
        self.path = path
        self.declaredByteCount = declaredByteCount
    }

    /// Counts and hashes `bytes`.
    mutating func record(_ bytes: UnsafeRawBufferPointer) {
        deliveredByteCount += Int64(bytes.count)
        hasher.update(bufferPointer: bytes)
    }

    /// Whether `additionalByteCount` more bytes would exceed the declared size.
    func wouldOverflow(adding additionalByteCount: Int) -> Bool {
        deliveredByteCount + Int64(additionalByteCount) > declaredByteCount
    }

    /// The SHA-256 of everything recorded, as `sha256sum` prints it.
    var hexDigest: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in hasher.finalize() {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
