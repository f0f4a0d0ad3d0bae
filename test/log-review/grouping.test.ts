import { describe, expect, it } from 'vitest'

import { endpoint, template } from '../../src/log-review/fingerprint.js'
import { groupLines } from './loghub.js'

/** The distinct groups log-review makes of `lines`; undefined where a line is not reviewed. */
const groupsOf = (lines: string[]) => [...new Set(groupLines(lines))]

// Every line below is a real line from Loghub's 2k samples (test/fixtures/log-review/loghub/<file>:<line>).
describe('grouping on Java and server layouts', () => {
  it('masks a block id with a sign like one without (HDFS_2k.log:78,79)', () => {
    const lines = [
      '081109 214043 2561 WARN dfs.DataNode$DataXceiver: 10.251.30.85:50010:Got exception while serving blk_-2918118818249673980 to /10.251.90.64:',
      '081109 214402 2677 WARN dfs.DataNode$DataXceiver: 10.251.126.255:50010:Got exception while serving blk_8376667364205250596 to /10.251.91.159:',
    ]
    expect(groupsOf(lines)).toHaveLength(1)
    expect(template('offset -12 of 40')).toBe(template('offset 12 of 40'))
    expect(template('retry=-1 left')).toBe(template('retry=3 left'))
    // A hyphen between words or numbers is not a sign: host-41 and 2015-10-18 keep their hyphens.
    expect(template('msra-sa-41 on 2015-10-18')).toBe('msra-sa-<num> on <num>-<num>-<num>')
  })

  it('leaves the thread in brackets out of the group (Hadoop_2k.log:848,911,926,1033)', () => {
    const lines = [
      '2015-10-18 18:05:27,570 WARN [LeaseRenewer:msrabi@msra-sa-41:9000] org.apache.hadoop.ipc.Client: Address change detected. Old: msra-sa-41/10.190.173.170:9000 New: msra-sa-41:9000',
      '2015-10-18 18:05:57,024 WARN [DataStreamer for file /tmp/hadoop-yarn/staging/msrabi/.staging/job_1445144423722_0020/job_1445144423722_0020_1.jhist block BP-1347369012-10.190.173.170-1444972147527:blk_1073743512_2731] org.apache.hadoop.ipc.Client: Address change detected. Old: msra-sa-41/10.190.173.170:9000 New: msra-sa-41:9000',
      '2015-10-18 18:06:02,841 WARN [RMCommunicator Allocator] org.apache.hadoop.ipc.Client: Address change detected. Old: msra-sa-41/10.190.173.170:8030 New: msra-sa-41:8030',
      '2015-10-18 18:06:26,139 WARN [CommitterEvent Processor #1] org.apache.hadoop.ipc.Client: Address change detected. Old: msra-sa-41/10.190.173.170:9000 New: msra-sa-41:9000',
    ]
    const groups = groupsOf(lines)
    expect(groups).toHaveLength(1)
    // The logger's name goes too, as in every Python-like `time LEVEL logger: message` layout.
    expect(groups[0]).toBe('warning|Address change detected. Old: msra-sa-<num>/<ip> New: msra-sa-<num>')
  })

  it('leaves a nested bracketed context out of the group (Zookeeper_2k.log:542,569)', () => {
    const lines = [
      '2015-07-30 17:55:26,200 - WARN  [WorkerSender[myid=1]:QuorumCnxManager@368] - Cannot open channel to 2 at election address /10.10.34.12:3888',
      '2015-07-30 23:44:58,183 - WARN  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:QuorumCnxManager@368] - Cannot open channel to 2 at election address /10.10.34.12:3888',
    ]
    expect(groupsOf(lines)).toEqual(['warning|Cannot open channel to <num> at election address /<ip>'])
  })

  it('keeps pids and host names from splitting a group (OpenSSH_2k.log:158,162)', () => {
    const lines = [
      'Dec 10 07:51:15 LabSZ sshd[24324]: error: Received disconnect from 195.154.37.122: 3: com.jcraft.jsch.JSchException: Auth fail [preauth]',
      'Dec 10 07:51:20 LabSZ sshd[24326]: error: Received disconnect from 195.154.37.122: 3: com.jcraft.jsch.JSchException: Auth fail [preauth]',
    ]
    expect(groupsOf(lines)).toHaveLength(1)
  })

  it('still tells different messages apart', () => {
    const lines = [
      '2015-10-18 18:06:26,139 WARN [CommitterEvent Processor #1] org.apache.hadoop.ipc.Client: Address change detected. Old: msra-sa-41/10.190.173.170:9000 New: msra-sa-41:9000',
      '2015-10-18 18:06:26,139 WARN [CommitterEvent Processor #1] org.apache.hadoop.mapreduce.v2.app.commit.CommitterEventHandler: Task cleanup failed for attempt attempt_1445144423722_0020_m_000002_0',
    ]
    expect(groupsOf(lines)).toHaveLength(2)
  })

  it('masks file paths in messages, not in endpoints (BGL_2k.log:372,1491)', () => {
    const lines = [
      '- 1119402454 2005.06.21 R22-M0-N4-I:J18-U11 2005-06-21-18.07.34.337232 R22-M0-N4-I:J18-U11 RAS APP FATAL ciod: Error loading ./runtime_malloc: invalid or missing program image, No such file or directory',
      '- 1129204934 2005.10.13 R62-M1-N4-I:J18-U11 2005-10-13-05.02.14.653341 R62-M1-N4-I:J18-U11 RAS APP FATAL ciod: Error loading /bgl/apps/followup/SPASM/spasm.254: invalid or missing program image, No such file or directory',
    ]
    expect(groupsOf(lines)).toEqual([
      'error|ciod: Error loading <path>: invalid or missing program image, No such file or directory',
    ])
    // One part is not a path (`to /<ip>:`, `in /tmp`), and an endpoint is named by its path.
    expect(template('connect to /10.0.0.1: refused in /tmp')).toBe('connect to /<ip>: refused in /tmp')
    expect(endpoint('GET', '/api/orders/981/items')).toBe('GET /api/orders/<num>/items')
  })

  it('takes a run of variable words as one list, whatever its length (Thunderbird_2k.log:1387,1402,1438; BGL_2k.log:1521,1719)', () => {
    const thunderbird = [
      '- 1131567053 2005.11.09 tbird-admin1 Nov 9 12:10:53 local@tbird-admin1 gmetad: Warning: we failed to resolve data source name an14 an15 an16 an17 an18 an19 an20 an21 an22 an23 an24 an25',
      '- 1131567053 2005.11.09 tbird-admin1 Nov 9 12:10:53 local@tbird-admin1 gmetad: Warning: we failed to resolve data source name dadmin2 dadmin3 dadmin4',
      '- 1131567054 2005.11.09 tbird-admin1 Nov 9 12:10:54 local@tbird-admin1 gmetad: Warning: we failed to resolve data source name cn14 cn15 cn16 cn17 cn18 cn19 cn20 cn21 cn22 cn23',
    ]
    expect(groupsOf(thunderbird)).toEqual(['warning|we failed to resolve data source name <list>'])
    // Hex words with and without a letter: `0064588e 8aff0003 ...` and `00589370 90990003 ...`.
    const bgl = [
      'KERNREC 1130529611 2005.10.28 R63-M1-N5-C:J17-U01 2005-10-28-13.00.11.719498 R63-M1-N5-C:J17-U01 RAS KERNEL FATAL Error receiving packet on tree network, expecting type 57 instead of type 3 (softheader=0064588e 8aff0003 00000002 00000000) PSR0=00001f01 PSR1=00000000 PRXF=00000002 PIXF=00000007',
      'KERNREC 1131499523 2005.11.08 R62-M0-N2-C:J09-U11 2005-11-08-17.25.23.131318 R62-M0-N2-C:J09-U11 RAS KERNEL FATAL Error receiving packet on tree network, expecting type 57 instead of type 3 (softheader=00589370 90990003 00000002 00000000) PSR0=00001f01 PSR1=00000000 PRXF=00000002 PIXF=00000007',
    ]
    expect(groupsOf(bgl)).toHaveLength(1)
    // Two variable words are not a list, and a message that is only a list keeps its words.
    expect(template('user 12 of 40 not found')).toBe('user <num> of <num> not found')
    expect(template('0x1f 0x2e 0x3d')).toBe('<hex> <hex> <hex>')
  })
})
