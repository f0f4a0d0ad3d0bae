import { describe, expect, it } from 'vitest'

import { Interest } from '../../src/log-review/model.js'
import { LineParser } from '../../src/log-review/parse.js'
import { TimeParser } from '../../src/log-review/timestamps.js'

const INTEREST: Interest = { level: (l) => l === 'error' || l === 'warning', slow: (ms) => ms >= 1000 }
const parse = (line: string) => new LineParser('auto', new TimeParser('UTC'), INTEREST).parse(line)

// Every line is a real line from Loghub's 2k samples (test/fixtures/log-review/loghub/<file>:<line>).
describe('levels in the level position of system layouts', () => {
  it("reads Android logcat's single letters (Android_2k.log:199,20,18,1)", () => {
    expect(
      parse(
        '03-17 16:13:46.764  2227  2794 E KeyguardUpdateMonitor: isSimPinSecure mSimDatas is null or empty ',
      ),
    ).toMatchObject({
      level: 'error',
      message: 'KeyguardUpdateMonitor: isSimPinSecure mSimDatas is null or empty ',
    })
    expect(
      parse(
        '03-17 16:13:38.935  1702  3697 W ActivityManager: getRunningAppProcesses: caller 10113 does not hold REAL_GET_TASKS; limiting output',
      ),
    ).toMatchObject({ level: 'warning' })
    expect(
      parse(
        '03-17 16:13:38.928  2227  2227 I StackScrollAlgorithm: updateClipping isOverlap:false, getTopPadding=333.0, Translation=-24.0',
      ),
    ).toMatchObject({ level: 'info' })
    expect(
      parse(
        '03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogsopening app wtoken = AppWindowToken{9f4ef63 token=Token{a64f992 ActivityRecord{de9231d u0 com.tencent.qt.qtl/.activity.info.NewsDetailXmlActivity t761}}}, allDrawn= false',
      ),
    ).toMatchObject({ level: 'debug' })
  })

  it('reads the level field of BGL RAS lines, far into the line (BGL_2k.log:9,523,1203,458,1)', () => {
    expect(
      parse(
        'APPREAD 1117869872 2005.06.04 R04-M1-N4-I:J18-U11 2005-06-04-00.24.32.432192 R04-M1-N4-I:J18-U11 RAS APP FATAL ciod: failed to read message prefix on control stream (CioStream socket to 172.16.96.116:33569',
      ),
    ).toMatchObject({
      level: 'error',
      time: 1117869872_000,
      message:
        'ciod: failed to read message prefix on control stream (CioStream socket to 172.16.96.116:33569',
    })
    expect(
      parse(
        '- 1120241131 2005.07.01 R37-M1-N4 2005-07-01-11.05.31.120732 R37-M1-N4 NULL DISCOVERY SEVERE Can not get assembly information for node card',
      ),
    ).toMatchObject({ level: 'error', message: 'Can not get assembly information for node card' })
    expect(
      parse(
        '- 1123030687 2005.08.02 R00-M0-N2 2005-08-02-17.58.07.084868 R00-M0-N2 NULL DISCOVERY ERROR Node card status: ALERT 0, ALERT 1, ALERT 2, ALERT 3 is (are) active.',
      ),
    ).toMatchObject({ level: 'error' })
    expect(
      parse(
        '- 1119977619 2005.06.28 R02-M1-NE 2005-06-28-09.53.39.479164 R02-M1-NE NULL DISCOVERY WARNING Node card is not fully functional',
      ),
    ).toMatchObject({ level: 'warning' })
    // The field says INFO; "error" further on is a word of the message.
    expect(
      parse(
        '- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected',
      ),
    ).toMatchObject({ level: 'info' })
  })

  it("reads HPC's state field as the level (HPC_2k.log:1434,307,214,1)", () => {
    expect(parse('2560209 Interconnect-1N01 switch_module error 1073192214 1 Link ok')).toMatchObject({
      level: 'error',
      time: 1073192214_000,
      message: 'Link ok',
    })
    expect(parse('30700 Interconnect-1T00 switch_module bcast-error 1076189965 1 Link error')).toMatchObject({
      level: 'error',
    })
    expect(
      parse(
        '180537 node-D0 clusterfilesystem fdmn.panic 1131228351 1 ServerFileSystem: An ServerFileSystem domain panic has occurred on storage442',
      ),
    ).toMatchObject({ level: 'error' })
    expect(
      parse(
        '134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change: Component \\042SCSI-WWID:01000010:6005-08b4-0001-00c6-0006-3000-003d-0000\\042 is in the unavailable state (HWID=1973)',
      ),
    ).toMatchObject({ level: 'info' })
  })

  it('reads the level at the start of a syslog message behind a long header (Thunderbird_2k.log:1387,1466,1)', () => {
    expect(
      parse(
        '- 1131567053 2005.11.09 tbird-admin1 Nov 9 12:10:53 local@tbird-admin1 gmetad: Warning: we failed to resolve data source name an14 an15 an16',
      ),
    ).toMatchObject({ level: 'warning', time: 1131567053_000 })
    expect(
      parse(
        '- 1131567055 2005.11.09 tbird-admin1 Nov 9 12:10:55 local@tbird-admin1 sshd[1761]: error: Bind to port 22 on 0.0.0.0 failed: Address already in use.',
      ),
    ).toMatchObject({ level: 'error', message: 'Bind to port 22 on 0.0.0.0 failed: Address already in use.' })
    expect(
      parse(
        '- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root',
      ),
    ).toMatchObject({ level: 'info' })
  })
})
