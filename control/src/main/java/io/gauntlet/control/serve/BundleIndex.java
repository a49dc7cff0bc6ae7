package io.gauntlet.control.serve;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every bundle under the results folder ({@code <results>/<test>/<stamp>/}), as summaries kept in
 * memory. A refresh costs one listing of the results folder and one stat per test folder: a test
 * folder is listed again only when its modification time changed (a bundle was added or removed),
 * and a bundle is read again only while it is not complete (running, or missing its results).
 * A complete bundle never changes, so with 10,000 bundles a warm refresh reads no file at all.
 * Symlinks (results/latest) are not followed, so no bundle is listed twice and none from outside.
 */
public final class BundleIndex {
  private final Path root;
  private final Map<Path, Listing> tests = new HashMap<>();
  private final Map<String, BundleSummary> summaries = new ConcurrentHashMap<>();
  /** The bundles still to be read again on each refresh: running, incomplete, or results too recent. */
  private final List<String> pending = new ArrayList<>();
  private List<BundleSummary> all = List.of();

  /** A test folder's bundle folders, as of its modification time. */
  private record Listing(FileTime modified, List<Path> bundles) {}

  public BundleIndex(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** Brings the index up to date with the folder and returns every summary (in no order). */
  public synchronized List<BundleSummary> refresh() throws IOException {
    long now = System.currentTimeMillis();
    if (!Files.isDirectory(root)) {
      throw new java.nio.file.NoSuchFileException(root.toString(), null, "the results folder is gone");
    }
    Map<Path, Listing> seen = new HashMap<>();
    for (Path test : children(root)) {
      FileTime modified;
      try {
        modified = Files.getLastModifiedTime(test, LinkOption.NOFOLLOW_LINKS);
      } catch (java.nio.file.NoSuchFileException e) {
        continue; // removed since the listing
      }
      Listing old = tests.get(test);
      // A folder modified within the last 2 s is listed again: a bundle created in the same clock
      // tick as the last listing would otherwise stay unseen.
      boolean fresh = old != null && old.modified.equals(modified) && now - modified.toMillis() > 2000;
      seen.put(test, fresh ? old : new Listing(modified, children(test)));
    }
    boolean changed = !seen.keySet().equals(tests.keySet());
    for (Map.Entry<Path, Listing> e : seen.entrySet()) {
      Listing old = tests.get(e.getKey());
      changed |= old == null || !old.bundles.equals(e.getValue().bundles);
    }
    tests.clear();
    tests.putAll(seen);
    if (!changed && pending.isEmpty()) {
      return all; // the warm path with every bundle complete: no file read, no list built
    }
    if (changed) {
      Map<String, BundleSummary> keep = new HashMap<>();
      for (Listing l : tests.values()) {
        for (Path dir : l.bundles) {
          String id = root.relativize(dir).toString().replace('\\', '/');
          BundleSummary s = summaries.get(id);
          keep.put(id, s == null || !s.complete() ? BundleSummary.read(id, dir, now) : s);
        }
      }
      summaries.keySet().retainAll(keep.keySet());
      summaries.putAll(keep);
    } else {
      for (String id : pending) {
        summaries.put(id, BundleSummary.read(id, root.resolve(id), now));
      }
    }
    pending.clear();
    summaries.forEach((id, s) -> {
      if (!s.complete()) {
        pending.add(id);
      }
    });
    all = List.copyOf(summaries.values());
    return all;
  }

  /** The summary of one bundle by id ({@code test/stamp}), as of the last refresh; null if unknown. */
  public BundleSummary get(String id) {
    return summaries.get(id);
  }

  /** Runs {@code q} over the folder as it is now. */
  public IndexQuery.Page query(IndexQuery q) throws IOException {
    return q.run(refresh());
  }

  /** The sub-folders of {@code dir} that are real folders (not symlinks), or none if it is unreadable. */
  private static List<Path> children(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          out.add(p);
        }
      }
    } catch (java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException e) {
      // a test folder removed or locked while we list: it simply has no bundles now
    }
    out.sort(null); // so that two listings of an unchanged folder compare equal
    return out;
  }
}
