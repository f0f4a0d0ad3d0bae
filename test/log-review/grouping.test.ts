import { describe, expect, it } from 'vitest'

import { endpoint, oneVariableApart, template } from '../../src/log-review/fingerprint.js'
import { redact } from '../../src/log-review/redact.js'
import { groupLines, reviewLines } from './loghub.js'

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

  it('redacts a random part of a path, not the whole path (BGL_2k.log:1239,1512)', () => {
    const lines = [
      '- 1123914312 2005.08.12 R44-M0-N8-I:J18-U01 2005-08-12-23.25.12.135766 R44-M0-N8-I:J18-U01 RAS APP FATAL ciod: Error loading /bgl/apps/scaletest/performance/MINIBEN/mb_243_0810/allreduce.rts: invalid or missing program image, Exec format error',
      '- 1129820589 2005.10.20 R62-M0-N8-I:J18-U01 2005-10-20-08.03.09.612112 R62-M0-N8-I:J18-U01 RAS APP FATAL ciod: Error loading /bgl/apps/followup/RAPTOR/new.raptor.trace: invalid or missing program image, Exec format error',
    ]
    // Cases and digits spread over the parts of a path do not make it a secret.
    expect(groupsOf(lines)).toEqual([
      'error|ciod: Error loading <path>: invalid or missing program image, Exec format error',
    ])
    expect(redact('loading /g/g0/spelce1/HPCC_IBM/Urgent/COP/64K/RandomAccess.64R.rts')).toBe(
      'loading /g/g0/spelce1/HPCC_IBM/Urgent/COP/64K/RandomAccess.64R.rts',
    )
    // A random part is still a secret, in a path or not.
    expect(redact('GET /reset/Ab3dEf9hIj2kLm5nOp8qRs1tUv/confirm')).toBe('GET /reset/<redacted>/confirm')
    expect(redact('key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe('key <redacted>')
    // A base64 secret that happens to start with a slash loses every random part of 8 or more.
    expect(redact('sig /K7MDENG9bPxRfiCY/EXAMPLEKEYabc12')).toBe('sig /<redacted>/<redacted>')
  })

  it('merges templates one variable apart: a bare word where a path is masked (BGL_2k.log:85,1254,1263,1451)', () => {
    const chdir = [
      '- 1123966456 2005.08.13 R27-M1-NC-I:J18-U11 2005-08-13-13.54.16.386775 R27-M1-NC-I:J18-U11 RAS APP FATAL ciod: LOGIN chdir(pwd) failed: No such file or directory',
      '- 1118193358 2005.06.07 R11-M0-NC-I:J18-U01 2005-06-07-18.15.58.583443 R11-M0-NC-I:J18-U01 RAS APP FATAL ciod: LOGIN chdir(/p/gb2/glosli/8M_5000K/t800) failed: No such file or directory',
      '- 1124306491 2005.08.17 R12-M0-N4-I:J18-U01 2005-08-17-12.21.31.579167 R12-M0-N4-I:J18-U01 RAS APP FATAL ciod: LOGIN chdir(/p/bg1/da) failed: No such file or directory',
      '- 1127265314 2005.09.20 R27-M1-N4-I:J18-U01 2005-09-20-18.15.14.037829 R27-M1-N4-I:J18-U01 RAS APP FATAL ciod: LOGIN chdir(/bgl/apps/SWL/performance/MINIBEN///2005.09.20-18.06.05) failed: No such file or directory',
    ]
    // Whichever comes first, the bare word or the path, the lines are one group.
    expect(groupsOf(chdir)).toHaveLength(1)
    expect(groupsOf([...chdir].reverse())).toHaveLength(1)
    // The group is shown by the template with the mask, even when the bare word came first.
    expect(templatesOf(chdir)).toEqual(['ciod: LOGIN chdir(<path>) failed: No such file or directory'])
  })

  it('merges templates one variable apart: a bare file name where a path is masked (BGL_2k.log:362,1517)', () => {
    const lines = [
      '- 1119309833 2005.06.20 R14-M1-N0-I:J18-U01 2005-06-20-16.23.53.944371 R14-M1-N0-I:J18-U01 RAS APP FATAL ciod: Error loading /home/draeger/testQboxhang-nozerobytebug-nosleepyescomm: invalid or missing program image, No such file or directory',
      '- 1130251536 2005.10.25 R46-M0-NC-I:J18-U11 2005-10-25-07.45.36.124897 R46-M0-NC-I:J18-U11 RAS APP FATAL ciod: Error loading allreduce_int_V1R1.rts: invalid or missing program image, No such file or directory',
    ]
    expect(groupsOf(lines)).toEqual([
      'error|ciod: Error loading <path>: invalid or missing program image, No such file or directory',
    ])
  })

  it('keeps templates apart when they differ in constant words (BGL_2k.log:241,253)', () => {
    // Loghub's two events: the same mask after different instruction names.
    const lines = [
      '- 1118769991 2005.06.14 R26-M0-NA-C:J04-U11 2005-06-14-10.26.31.242578 R26-M0-NA-C:J04-U11 RAS KERNEL FATAL data store interrupt caused by dcbf.........0',
      '- 1118770918 2005.06.14 R24-M0-N5-C:J05-U01 2005-06-14-10.41.58.776391 R24-M0-N5-C:J05-U01 RAS KERNEL FATAL data store interrupt caused by icbi.........0',
    ]
    expect(groupsOf(lines)).toHaveLength(2)
    // An endpoint is a name, not a message: `/api/users/me` is not `/api/users/<num>` with a variable.
    const access = [
      '10.0.0.1 - - [20/Nov/2026:10:00:00 +0000] "GET /api/users/12 HTTP/1.1" 500 0 "-" "curl" 2.5',
      '10.0.0.1 - - [20/Nov/2026:10:00:01 +0000] "GET /api/users/me HTTP/1.1" 500 0 "-" "curl" 2.5',
    ]
    expect(templatesOf(access)).toEqual(['HTTP 500 GET /api/users/<num>', 'HTTP 500 GET /api/users/me'])
    const words = (text: string) => text.split(' ')
    const pathFailed = words('ciod: LOGIN chdir(<path>) failed: No such file')
    expect(oneVariableApart(pathFailed, words('ciod: LOGIN chdir(pwd) failed: No such file'))).toBe(2)
    // Two constant words, two differing words, another first word, too few words: never one message.
    expect(
      oneVariableApart(
        words('ciod: LOGIN chdir(pwd) failed: No such file'),
        words('ciod: LOGIN chdir(home) failed: No such file'),
      ),
    ).toBe(-1)
    expect(oneVariableApart(pathFailed, words('ciod: LOGIN chdir(pwd) failed: No such dir'))).toBe(-1)
    expect(
      oneVariableApart(words('<num> LOGIN chdir(<path>) failed'), words('ciod: LOGIN chdir(<path>) failed')),
    ).toBe(-1)
    expect(oneVariableApart(words('open <path> failed'), words('open x failed'))).toBe(-1)
  })
})

/** The templates of the groups log-review makes of `lines`, as a review shows them. */
const templatesOf = (lines: string[]) =>
  [...reviewLines(lines).aggregate.groups.values()].map((group) => group.template)
