package io.sluice.connector.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one HTTP stream: records appended in segment files of its folder, each framed as
 * length, CRC-32C and bytes. A record's offset is its byte position in the log (segment files are
 * named by the position of their first byte), so a query's checkpoint names a position and reading
 * between two positions again yields the same records.
 *
 * <p>{@link #append} returns only once the records are on disk (fsync). Appends write under a lock,
 * then wait for an fsync that covers them: one fsync at a time, each covering everything written
 * before it began, so concurrent posts share one (group commit). Readers see records up to the last
 * fsync'd position only, so a query never reads what a crash could take back. Opening the log cuts
 * off a torn tail (a frame whose length or checksum does not hold), which no post was acknowledged
 * for.
 */
public final class StreamLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamLog.class);
  static final int HEADER_BYTES = 8;

  private final String streamName;
  private final Path directory;
  private final HttpStreamOptions options;
  private final Object writeLock = new Object();
  private final Object syncLock = new Object();

  // guarded by writeLock
  private final List<LogSegment> closedSegments = new ArrayList<>();
  private LogSegment active;
  private FileChannel activeChannel;
  private boolean closed;

  // notified whenever durableEnd moves, for readers waiting on new records
  private final Object durableAdvanced = new Object();
  private final java.util.concurrent.atomic.AtomicLong durableEnd =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile long startPosition;

  private StreamLog(String streamName, Path directory, HttpStreamOptions options) {
    this.streamName = requireNonNull(streamName, "streamName is null");
    this.directory = requireNonNull(directory, "directory is null");
    this.options = requireNonNull(options, "options is null");
  }

  /** Opens (or creates) the log in {@code directory}, cutting off a torn tail. */
  public static StreamLog open(String streamName, Path directory, HttpStreamOptions options)
      throws IOException {
    StreamLog log = new StreamLog(streamName, directory, options);
    log.recover();
    return log;
  }

  private void recover() throws IOException {
    Files.createDirectories(directory);
    List<Long> bases = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        long base = LogSegment.parseBase(file.getFileName().toString());
        if (base >= 0) {
          bases.add(base);
        }
      }
    }
    bases.sort(null);
    synchronized (writeLock) {
      for (int i = 0; i < bases.size(); i++) {
        Path file = directory.resolve(LogSegment.fileName(bases.get(i)));
        long bytes = Files.size(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        if (i < bases.size() - 1) {
          closedSegments.add(new LogSegment(bases.get(i), file, bytes, modified));
        } else {
          long valid = validLength(file, bytes);
          if (valid < bytes) {
            LOG.warn(
                "Log of stream '{}': cut off {} bytes of an unfinished write at the end of {}",
                streamName,
                bytes - valid,
                file);
          }
          activeChannel = FileChannel.open(file, StandardOpenOption.WRITE);
          activeChannel.truncate(valid);
          activeChannel.force(true);
          active = new LogSegment(bases.get(i), file, valid, modified);
        }
      }
      if (active == null) {
        startSegment(0);
      }
      durableEnd.set(active.end());
      startPosition = closedSegments.isEmpty() ? active.base() : closedSegments.get(0).base();
    }
  }

  /** How many leading bytes of a segment file are whole frames with their checksums right. */
  private static long validLength(Path file, long bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      long position = 0;
      while (position + HEADER_BYTES <= bytes) {
        header.clear();
        readFully(channel, header, position);
        header.flip();
        int length = header.getInt();
        int crc = header.getInt();
        if (length < 0 || position + HEADER_BYTES + length > bytes) {
          return position;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(channel, payload, position + HEADER_BYTES);
        if (crc(payload.array(), 0, length) != crc) {
          return position;
        }
        position += HEADER_BYTES + length;
      }
      return position;
    }
  }

  // guarded by writeLock
  private void startSegment(long base) throws IOException {
    Path file = directory.resolve(LogSegment.fileName(base));
    activeChannel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    activeChannel.truncate(0);
    active = new LogSegment(base, file, 0, System.currentTimeMillis());
    syncDirectory();
  }

  /** Makes a new or deleted file's name durable too. */
  private void syncDirectory() throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // some file systems cannot sync a directory; the file's own fsync is what they offer
      LOG.debug("Cannot fsync directory {}", directory, e);
    }
  }

  public String streamName() {
    return streamName;
  }

  public HttpStreamOptions options() {
    return options;
  }

  /** Position of the first record still kept (older ones went by retention). */
  public long startPosition() {
    return startPosition;
  }

  /** Position just past the last record on disk: what readers may read up to. */
  public long durableEnd() {
    return durableEnd.get();
  }

  /** Bytes the log's segments take. */
  public long sizeBytes() {
    synchronized (writeLock) {
      long total = active.bytes();
      for (LogSegment segment : closedSegments) {
        total += segment.bytes();
      }
      return total;
    }
  }

  /**
   * Appends {@code records} in order and returns once they are on disk, with the position just past
   * the last of them. Nothing is appended when it fails.
   *
   * @throws LogFullException when the records would pass the log's disk budget
   * @throws IOException when they cannot be written or synced (then the post is not acknowledged)
   */
  public long append(List<byte[]> records) throws IOException, LogFullException {
    if (records.isEmpty()) {
      return durableEnd.get();
    }
    int total = 0;
    for (byte[] record : records) {
      total = Math.addExact(total, HEADER_BYTES + record.length);
    }
    ByteBuffer frames = ByteBuffer.allocate(total);
    CRC32C crc = new CRC32C();
    for (byte[] record : records) {
      crc.reset();
      crc.update(record, 0, record.length);
      frames.putInt(record.length).putInt((int) crc.getValue()).put(record);
    }
    frames.flip();
    long end;
    synchronized (writeLock) {
      if (closed) {
        throw new IOException("The log of stream '" + streamName + "' is closed (dropped?)");
      }
      long size = sizeBytes();
      if (size + total > options.maxBytes()) {
        enforceRetention(System.currentTimeMillis());
        size = sizeBytes();
        if (size + total > options.maxBytes()) {
          throw new LogFullException(
              "The log of stream '"
                  + streamName
                  + "' holds "
                  + size
                  + " bytes; these "
                  + total
                  + " would pass its budget of "
                  + options.maxBytes()
                  + " bytes (option '"
                  + HttpStreamOptions.MAX_BYTES_OPTION
                  + "')");
        }
      }
      if (active.bytes() > 0 && active.bytes() + total > options.segmentBytes()) {
        roll();
      }
      long before = active.bytes();
      try {
        long at = before;
        while (frames.hasRemaining()) {
          at += activeChannel.write(frames, at);
        }
      } catch (IOException e) {
        try {
          activeChannel.truncate(before);
        } catch (IOException truncate) {
          e.addSuppressed(truncate);
        }
        throw e;
      }
      active = active.withBytes(before + total, System.currentTimeMillis());
      end = active.end();
    }
    awaitDurable(end);
    return end;
  }

  /** Returns once everything up to {@code end} is on disk, fsync'ing if no one else has. */
  private void awaitDurable(long end) throws IOException {
    if (durableEnd.get() >= end) {
      return;
    }
    // one fsync at a time: whoever waited here while another ran finds its records covered
    synchronized (syncLock) {
      if (durableEnd.get() >= end) {
        return;
      }
      long written;
      FileChannel channel;
      synchronized (writeLock) {
        written = active.end();
        channel = activeChannel;
      }
      try {
        channel.force(false);
      } catch (java.nio.channels.ClosedChannelException e) {
        // rolled meanwhile: the roll synced this segment, and the new one may hold more
        synchronized (writeLock) {
          written = active.end();
          channel = activeChannel;
        }
        channel.force(false);
      }
      durableEnd.accumulateAndGet(written, Math::max);
    }
    signalDurable();
  }

  /** Wakes the readers waiting in {@link #awaitDurableBeyond}. */
  private void signalDurable() {
    synchronized (durableAdvanced) {
      durableAdvanced.notifyAll();
    }
  }

  /**
   * Waits until records past {@code position} are on disk, at most {@code maxWaitMillis}: how a
   * continuous query reads a posted record as soon as the post is acknowledged.
   */
  public void awaitDurableBeyond(long position, long maxWaitMillis) throws InterruptedException {
    long deadline = System.nanoTime() + maxWaitMillis * 1_000_000L;
    synchronized (durableAdvanced) {
      long left;
      while (durableEnd.get() <= position && (left = deadline - System.nanoTime()) > 0) {
        durableAdvanced.wait(Math.max(1, left / 1_000_000L));
      }
    }
  }

  // guarded by writeLock (never take syncLock here: awaitDurable takes them the other way round);
  // the segment closed is synced first, so the fsync of a later segment covers every earlier byte
  private void roll() throws IOException {
    activeChannel.force(false);
    durableEnd.accumulateAndGet(active.end(), Math::max);
    signalDurable();
    activeChannel.close();
    closedSegments.add(active);
    startSegment(active.end());
  }

  /** What {@link #read} hands each record to. */
  public interface RecordConsumer {
    /**
     * @param position the record's offset in the log
     */
    void accept(long position, byte[] record);
  }

  /**
   * Hands every record from {@code from} up to {@code to} (positions from this log) to {@code
   * consumer}, in order; records before {@link #startPosition()} went by retention and are skipped.
   */
  public void read(long from, long to, RecordConsumer consumer) {
    if (to > durableEnd.get()) {
      throw new IllegalArgumentException(
          "Position " + to + " is past the end of the log of stream '" + streamName + "'");
    }
    for (LogSegment segment : segments()) {
      if (segment.end() <= from || segment.base() >= to) {
        continue;
      }
      long start = Math.max(from, segment.base());
      long stop = Math.min(to, segment.end());
      byte[] bytes;
      try {
        bytes = readRange(segment, start, stop);
      } catch (NoSuchFileException e) {
        // deleted by retention while this reader was at it
        continue;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot read the log of stream '" + streamName + "' at " + segment.file(), e);
      }
      ByteBuffer frames = ByteBuffer.wrap(bytes);
      while (frames.remaining() >= HEADER_BYTES) {
        long position = start + frames.position();
        int length = frames.getInt();
        int crc = frames.getInt();
        if (length < 0 || length > frames.remaining()) {
          throw new IllegalStateException(
              "The log of stream '"
                  + streamName
                  + "' is damaged at position "
                  + position
                  + " (a frame runs past its segment)");
        }
        byte[] record = new byte[length];
        frames.get(record);
        if (crc(record, 0, length) != crc) {
          throw new IllegalStateException(
              "The log of stream '"
                  + streamName
                  + "' is damaged at position "
                  + position
                  + " (checksum mismatch)");
        }
        consumer.accept(position, record);
      }
    }
  }

  /**
   * The last record boundary at most {@code maxBytes} past {@code from} (but at least one record's
   * worth when there is one), capped at the durable end: where a batch of bounded size ends.
   */
  public long boundaryAfter(long from, long maxBytes) {
    long end = durableEnd.get();
    long first = Math.max(from, startPosition);
    if (end - first <= maxBytes) {
      return Math.max(end, first);
    }
    long limit = first + maxBytes;
    long position = first;
    for (LogSegment segment : segments()) {
      if (segment.end() <= position) {
        continue;
      }
      if (position >= end) {
        break;
      }
      long stop = Math.min(end, segment.end());
      byte[] bytes;
      try {
        bytes = readRange(segment, position, Math.min(stop, limit + HEADER_BYTES));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot read the log of stream '" + streamName + "' at " + segment.file(), e);
      }
      ByteBuffer frames = ByteBuffer.wrap(bytes);
      while (frames.remaining() >= HEADER_BYTES) {
        int length = frames.getInt(frames.position());
        long next = position + HEADER_BYTES + length;
        if (next > limit) {
          // a first record larger than the cap is taken whole
          return position > first ? position : next;
        }
        position = next;
        frames.position(frames.position() + HEADER_BYTES + length);
      }
      if (position >= limit) {
        return position;
      }
    }
    return position;
  }

  private List<LogSegment> segments() {
    synchronized (writeLock) {
      List<LogSegment> all = new ArrayList<>(closedSegments);
      all.add(active);
      return all;
    }
  }

  private static byte[] readRange(LogSegment segment, long from, long to) throws IOException {
    try (FileChannel channel = FileChannel.open(segment.file(), StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(to - from));
      readFully(channel, buffer, from - segment.base());
      return buffer.array();
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new IOException("Unexpected end of " + channel + " at " + at);
      }
      at += read;
    }
  }

  private static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  /**
   * Deletes closed segments by the retention options: those whose newest record is older than
   * {@code log.retention}, then the oldest while the log is larger than {@code
   * log.retention-bytes}. The segment being written is kept.
   *
   * @return how many segments were deleted
   */
  public int enforceRetention(long nowMillis) {
    synchronized (writeLock) {
      if (closed) {
        return 0;
      }
      long total = sizeBytes();
      int deleted = 0;
      while (!closedSegments.isEmpty()) {
        LogSegment oldest = closedSegments.get(0);
        boolean tooOld =
            options.retention().isPresent()
                && oldest.lastWrite() < nowMillis - options.retention().get().toMillis();
        boolean tooLarge =
            options.retentionBytes().isPresent() && total > options.retentionBytes().getAsLong();
        if (!tooOld && !tooLarge) {
          break;
        }
        try {
          Files.deleteIfExists(oldest.file());
        } catch (IOException e) {
          LOG.warn("Cannot delete old segment {} of stream '{}'", oldest.file(), streamName, e);
          break;
        }
        closedSegments.remove(0);
        total -= oldest.bytes();
        deleted++;
        LOG.info(
            "Log of stream '{}': deleted segment {} by retention ({} bytes, positions {} to {})",
            streamName,
            oldest.file().getFileName(),
            oldest.bytes(),
            oldest.base(),
            oldest.end());
      }
      startPosition = closedSegments.isEmpty() ? active.base() : closedSegments.get(0).base();
      return deleted;
    }
  }

  @Override
  public void close() {
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        activeChannel.close();
      } catch (IOException e) {
        LOG.warn("Cannot close the log of stream '{}'", streamName, e);
      }
    }
  }

  /** Closes the log and deletes its files and folder. */
  public void delete() throws IOException {
    close();
    synchronized (writeLock) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
        for (Path file : files) {
          Files.deleteIfExists(file);
        }
      } catch (NoSuchFileException e) {
        return;
      }
      Files.deleteIfExists(directory);
    }
  }
}
