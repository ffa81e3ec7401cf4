export { escapeXml, tag, wrap, xmlDocument, isoTime, S3_NAMESPACE } from './write.js';
export { parseXml, children, text, asObject, type XmlObject, type XmlValue } from './read.js';
