import Testing
import Foundation
import TestSupport

/// The meeting's report in a real browser: Debian's headless chromium prints it to A4 PDF,
/// poppler rasterises the pages, and the charts' bar colours must be on them. Runs where
/// chromium and pdftoppm are installed (CI installs them); skipped elsewhere.
@Suite("The comparison report rendered in headless chromium")
struct ReportRenderTests {
    static func tool(_ name: String) -> String? {
        for dir in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        return nil
    }
    static let available = tool("chromium") != nil && tool("pdftoppm") != nil

    static func run(_ path: String, _ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// Pixels of a binary PPM (P6) within `tolerance` of an RGB colour.
    static func count(_ ppm: Data, near rgb: (Int, Int, Int), tolerance: Int = 24) -> (pixels: Int, width: Int, height: Int) {
        let bytes = [UInt8](ppm)
        var fields: [Int] = [], i = 2, current = ""
        while fields.count < 3 && i < bytes.count {
            let c = Character(UnicodeScalar(bytes[i]))
            if c == "#" { while i < bytes.count && bytes[i] != 0x0A { i += 1 } }
            else if c.isWhitespace { if !current.isEmpty { fields.append(Int(current)!); current = "" } }
            else { current.append(c) }
            i += 1
        }
        // One whitespace byte after the maxval, then the raster.
        var n = 0
        var p = i
        while p + 2 < bytes.count {
            if abs(Int(bytes[p]) - rgb.0) <= tolerance && abs(Int(bytes[p + 1]) - rgb.1) <= tolerance && abs(Int(bytes[p + 2]) - rgb.2) <= tolerance { n += 1 }
            p += 3
        }
        return (n, fields.first ?? 0, fields.count > 1 ? fields[1] : 0)
    }

    @Test("the report prints on A4 and its charts are drawn: increase and decrease bars are on the pages", .enabled(if: available))
    func chartsAreDrawn() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("report.html").path, pdf = dir.appendingPathComponent("report.pdf").path
        // April 2024's adoptions: the 定額減税 lowers resident tax (blue), NHI limits raise some (red).
        let r = try History.shared.kaisei(["compare", "--before", "enacted@2024-03-30", "--after", "enacted@2024-04-02", "--fiscal-year", "2024",
                                           "--report", report, "--revisions", History.revisions, "--no-snapshots"])
        #expect(r.status == 0, "\(r.stderr)")
        let status = try Self.run(Self.tool("chromium")!, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                                          "--print-to-pdf=\(pdf)", URL(fileURLWithPath: report).absoluteString])
        #expect(status == 0)
        #expect(try Self.run(Self.tool("pdftoppm")!, ["-r", "40", pdf, dir.appendingPathComponent("page").path]) == 0)
        let pages = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("page") && $0.hasSuffix(".ppm") }.sorted()
        #expect(pages.count >= 3, "\(pages)")
        var red = 0, blue = 0
        for page in pages {
            let data = try Data(contentsOf: dir.appendingPathComponent(page))
            let more = Self.count(data, near: (0xc0, 0x39, 0x2b)), less = Self.count(data, near: (0x2e, 0x6d, 0xa4))
            // A4 at 40 dpi: 331 × 468 pixels, portrait.
            #expect(more.width > 300 && more.width < 360 && more.height > 440 && more.height < 500, "\(page): \(more.width)×\(more.height)")
            red += more.pixels; blue += less.pixels
        }
        #expect(blue > 300, "decrease bars: \(blue) pixels")
        #expect(red > 20, "increase bars: \(red) pixels")
    }
}
