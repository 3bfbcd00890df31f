import CKaiseiLZ4

/// LZ4 frames with a content checksum (xxHash32 over the uncompressed bytes, checked on every
/// decompression), so a damaged snapshot body is detected, not misread. Written by
/// `LZ4FrameWriter` (below), block by block.
enum LZ4Frame {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Decompresses a whole frame whose uncompressed size is known from the header.
    static func decompress(_ input: UnsafeRawBufferPointer, expectedSize: Int) throws -> [UInt8] {
        var ctx: OpaquePointer?
        let created = LZ4F_createDecompressionContext(&ctx, UInt32(LZ4F_VERSION))
        if LZ4F_isError(created) != 0 { throw Failure(description: "LZ4 context") }
        defer { LZ4F_freeDecompressionContext(ctx) }
        var out = [UInt8](repeating: 0, count: expectedSize)
        var srcOffset = 0, dstOffset = 0
        var hint = 1
        try out.withUnsafeMutableBytes { dst in
            while hint != 0 {
                guard srcOffset < input.count else { throw Failure(description: "snapshot body truncated") }
                var srcSize = input.count - srcOffset
                var dstSize = expectedSize - dstOffset
                hint = LZ4F_decompress(ctx, dst.baseAddress! + dstOffset, &dstSize, input.baseAddress! + srcOffset, &srcSize, nil)
                if LZ4F_isError(hint) != 0 { throw Failure(description: "snapshot body damaged: \(String(cString: LZ4F_getErrorName(hint)))") }
                srcOffset += srcSize; dstOffset += dstSize
                if srcSize == 0 && dstSize == 0 && hint != 0 { throw Failure(description: "snapshot body truncated") }
            }
        }
        guard dstOffset == expectedSize else { throw Failure(description: "snapshot body is \(dstOffset) bytes, header says \(expectedSize)") }
        guard srcOffset == input.count else { throw Failure(description: "trailing bytes after the snapshot body") }
        return out
    }
}

/// An LZ4 frame written as its input arrives, block by block, each compressed block handed to
/// `write`: neither the input nor the output is ever whole in memory. The frame carries a
/// content checksum; its size is not known up front, so the snapshot header records it.
final class LZ4FrameWriter {
    private var ctx: OpaquePointer?
    private var prefs = LZ4F_preferences_t()
    private var scratch: [UInt8]
    private let write: ([UInt8]) throws -> Void
    static let block = 4 << 20

    init(write: @escaping ([UInt8]) throws -> Void) throws {
        self.write = write
        let created = LZ4F_createCompressionContext(&ctx, UInt32(LZ4F_VERSION))
        if LZ4F_isError(created) != 0 { throw LZ4Frame.Failure(description: "LZ4 context") }
        prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled
        prefs.frameInfo.blockSizeID = LZ4F_max4MB
        scratch = [UInt8](repeating: 0, count: LZ4F_compressBound(Self.block, &prefs) + 64)
        let n = try check(scratch.withUnsafeMutableBytes { LZ4F_compressBegin(ctx, $0.baseAddress, $0.count, &prefs) })
        try write(Array(scratch[0..<n]))
    }
    deinit { LZ4F_freeCompressionContext(ctx) }

    private func check(_ n: Int) throws -> Int {
        if LZ4F_isError(n) != 0 { throw LZ4Frame.Failure(description: "LZ4 compression failed: \(String(cString: LZ4F_getErrorName(n)))") }
        return n
    }

    func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { src in
            var offset = 0
            while offset < src.count {
                let len = min(Self.block, src.count - offset)
                let n = try check(scratch.withUnsafeMutableBytes { LZ4F_compressUpdate(ctx, $0.baseAddress, $0.count, src.baseAddress! + offset, len, nil) })
                if n > 0 { try write(Array(scratch[0..<n])) }
                offset += len
            }
        }
    }

    func finish() throws {
        let n = try check(scratch.withUnsafeMutableBytes { LZ4F_compressEnd(ctx, $0.baseAddress, $0.count, nil) })
        try write(Array(scratch[0..<n]))
    }
}
