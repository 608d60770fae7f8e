/// The store's snapshot image: a format tag, then the tables as JSON (Docs/formats.md).
enum StoreImage {
    private static let tag = Array("SST1".utf8)

    static func encode(_ tables: StoreTables) -> [UInt8] {
        tag + StoreCoding.encode(tables)
    }

    static func decode(_ image: [UInt8]) throws(StoreImageError) -> StoreTables {
        guard image.starts(with: tag) else { throw .notAStoreImage }
        do {
            return try StoreCoding.decode(StoreTables.self, from: image[tag.count...])
        } catch {
            throw .unreadable("\(error)")
        }
    }
}

/// Why a snapshot image could not be restored.
enum StoreImageError: Error, CustomStringConvertible {
    case notAStoreImage
    case unreadable(String)

    var description: String {
        switch self {
        case .notAStoreImage: "the snapshot image is not a swarmd store image (no SST1 tag)"
        case .unreadable(let reason): "the store image cannot be decoded: \(reason)"
        }
    }
}
