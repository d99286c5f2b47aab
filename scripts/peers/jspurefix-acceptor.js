// jspurefix 5.11.4 acceptor for interop tests: FIX.4.4, JSEXEC <- CLIENT on 127.0.0.1:<port>.
// Every NewOrderSingle is answered with one ExecutionReport that fills it completely
// (ExecType F, OrdStatus 2) at its limit price; other application messages are ignored.
// usage (from a folder where jspurefix is installed): node jspurefix-acceptor.js [port]
// QUIET=1 keeps the log to warnings and state changes. Stop with SIGTERM.
'use strict'
require('reflect-metadata')
const { SessionLauncher, AsciiSession, MsgType, JsFixWinstonLogFactory, WinstonLogger } = require('jspurefix')

const port = Number.parseInt(process.argv[2] || '9880', 10)
const quiet = process.env.QUIET === '1'

const config = {
  application: {
    type: 'acceptor',
    name: 'portstress_jsexec',
    tcp: { host: '127.0.0.1', port },
    protocol: 'ascii',
    dictionary: 'qf44' // node_modules/jspurefix/data/FIX44.xml (QuickFIX format)
  },
  BeginString: 'FIX.4.4',
  SenderCompId: 'JSEXEC',
  TargetCompID: 'CLIENT',
  HeartBtInt: 30,
  EncryptMethod: 0,
  ResetSeqNumFlag: true
}

class FillingSession extends AsciiSession {
  constructor (sessionConfig) {
    super(sessionConfig)
    this.logReceivedMsgs = !quiet
    this.logger = sessionConfig.logFactory.logger(`${this.me}:fill`)
    this.fills = 0
  }

  onApplicationMsg (msgType, view) {
    if (msgType !== MsgType.NewOrderSingle) return
    const order = view.toObject()
    const qty = order.OrderQtyData.OrderQty
    this.fills += 1
    this.send(MsgType.ExecutionReport, {
      OrderID: `JS-O${this.fills}`,
      ExecID: `JS-E${this.fills}`,
      ClOrdID: order.ClOrdID,
      ExecType: 'F',
      OrdStatus: '2',
      Side: order.Side,
      Instrument: { Symbol: order.Instrument.Symbol },
      OrderQtyData: { OrderQty: qty },
      LastQty: qty,
      LastPx: order.Price,
      LeavesQty: 0,
      CumQty: qty,
      AvgPx: order.Price,
      TransactTime: new Date()
    })
  }

  onReady () { console.log('jspurefix acceptor: counterparty logged on') }
  onLogon () { return true }
  onDecoded (msgType, txt) { if (!quiet) console.log(`in  ${txt}`) }
  onEncoded (msgType, txt) { if (!quiet) console.log(`out ${txt}`) }
  onStopped (error) { console.log(`jspurefix acceptor: session ended${error ? ` (${error.message})` : ''}`) }
}

class Launcher extends SessionLauncher {
  constructor () {
    super(null, config, quiet ? new JsFixWinstonLogFactory(WinstonLogger.consoleOptions('warning')) : undefined)
  }

  makeFactory () { return { makeSession: (sessionConfig) => new FillingSession(sessionConfig) } }
}

process.on('SIGTERM', () => process.exit(0))
console.log(`jspurefix acceptor: FIX.4.4 JSEXEC <- CLIENT on 127.0.0.1:${port}`)
new Launcher().run().catch((error) => { console.error('jspurefix acceptor failed:', error); process.exit(1) })
