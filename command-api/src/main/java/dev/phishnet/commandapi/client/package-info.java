/** What a request tells about the client it came from: its address and its parsed User-Agent (OS, browser, device). */
package dev.phishnet.commandapi.client;
