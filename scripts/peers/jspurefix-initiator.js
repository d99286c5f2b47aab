// jspurefix 5.11.4 initiator for interop tests: logs on, sends one limit NewOrderSingle, waits for
// the first ExecutionReport, logs out. Prints `RESULT ClOrdID=… ExecType=… OrdStatus=…` and exits
// 0, or exits 2 when nothing comes back within 20 s.
// usage (from a folder where jspurefix is installed):
//   node jspurefix-initiator.js [port=9878] [target=EXEC] [sender=CLIENT] [begin=FIX.4.4] [host=127.0.0.1]
// FIX.4.2 uses jspurefix's qf42 dictionary (flat Symbol/OrderQty); FIX.4.4 uses qf44 (components).
'use strict'
require('reflect-metadata')
const { SessionLauncher, AsciiSession, MsgType } = require('jspurefix')

const [port = '9878', target = 'EXEC', sender = 'CLIENT', begin = 'FIX.4.4', host = '127.0.0.1'] = process.argv.slice(2)
const fix42 = begin === 'FIX.4.2'
const clOrdId = `js-${Date.now()}`

const config = {
  application: {
    type: 'initiator',
    name: 'portstress_jsclient',
    reconnectSeconds: 1,
    tcp: { host, port: Number.parseInt(port, 10) },
    protocol: 'ascii',
    dictionary: fix42 ? 'qf42' : 'qf44'
  },
  BeginString: begin,
  SenderCompId: sender,
  TargetCompID: target,
  HeartBtInt: 30,
  EncryptMethod: 0,
  ResetSeqNumFlag: true
}

function order () {
  const common = { ClOrdID: clOrdId, HandlInst: '1', Side: '1', TransactTime: new Date(), OrdType: '2', Price: 10.25, TimeInForce: '0' }
  return fix42
    ? { ...common, Symbol: 'IBM', OrderQty: 100 }
    : { ...common, Instrument: { Symbol: 'IBM' }, OrderQtyData: { OrderQty: 100 } }
}

class OneOrder extends AsciiSession {
  constructor (sessionConfig) {
    super(sessionConfig)
    this.logReceivedMsgs = true
    this.logger = sessionConfig.logFactory.logger(`${this.me}:order`)
  }

  onReady () { this.send(MsgType.NewOrderSingle, order()) }

  onApplicationMsg (msgType, view) {
    if (msgType !== MsgType.ExecutionReport) return
    const report = view.toObject()
    console.log(`RESULT ClOrdID=${report.ClOrdID} ExecType=${report.ExecType} OrdStatus=${report.OrdStatus} CumQty=${report.CumQty}`)
    this.done() // Logout, then wait for the counterparty's Logout
  }

  onLogon () { return true }
  onDecoded (msgType, txt) { console.log(`in  ${txt}`) }
  onEncoded (msgType, txt) { console.log(`out ${txt}`) }
  onStopped (error) { console.log(`session ended${error ? ` (${error.message})` : ''}`) }
}

class Launcher extends SessionLauncher {
  constructor () { super(config, null) }
  makeFactory () { return { makeSession: (sessionConfig) => new OneOrder(sessionConfig) } }
}

const timer = setTimeout(() => { console.error('TIMEOUT: no ExecutionReport within 20 s'); process.exit(2) }, 20000)
new Launcher().run()
  .then(() => { clearTimeout(timer); process.exit(0) })
  .catch((error) => { console.error('FAILED', error); process.exit(1) })
