package io.gauntlet.system.node;

import io.gauntlet.system.kvraft.KvReply;
import io.gauntlet.system.kvraft.KvRequest;
import io.gauntlet.system.kvsrv.GetArgs;
import io.gauntlet.system.kvsrv.GetReply;
import io.gauntlet.system.kvsrv.PutArgs;
import io.gauntlet.system.kvsrv.PutReply;
import io.gauntlet.system.net.MessageTypes;
import io.gauntlet.system.raft.RaftMessage;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.shardctrler.CtrlerReply;
import io.gauntlet.system.shardctrler.CtrlerRequest;
import io.gauntlet.system.shardkv.DeleteReply;
import io.gauntlet.system.shardkv.DeleteRequest;
import io.gauntlet.system.shardkv.PullReply;
import io.gauntlet.system.shardkv.PullRequest;

/** Every message a cluster's nodes and clients exchange, registered by a short, stable name. */
public final class Wire {
  private Wire() {}

  public static MessageTypes types() {
    MessageTypes t = new MessageTypes();
    for (Class<?> c : RaftMessage.class.getPermittedSubclasses()) {
      t.register("raft." + c.getSimpleName(), c.asSubclass(Message.class));
    }
    t.register("kv.Request", KvRequest.class).register("kv.Reply", KvReply.class);
    t.register("kvsrv.Get", GetArgs.class).register("kvsrv.GetReply", GetReply.class);
    t.register("kvsrv.Put", PutArgs.class).register("kvsrv.PutReply", PutReply.class);
    t.register("ctrl.Request", CtrlerRequest.class).register("ctrl.Reply", CtrlerReply.class);
    t.register("skv.Pull", PullRequest.class).register("skv.PullReply", PullReply.class);
    t.register("skv.Delete", DeleteRequest.class).register("skv.DeleteReply", DeleteReply.class);
    t.register("node.Status", StatusRequest.class).register("node.StatusReply", NodeStatus.class);
    t.register("node.Digest", DigestRequest.class).register("node.DigestReply", StateDigest.class);
    return t;
  }
}
