import os,sys,zlib
R,W=os.pipe()
if os.fork():
 os.dup2(0,100);os.dup2(R,0);os.close(R);os.close(W)
 os.environ['ECONTEXT_EXE']=sys.executable
 os.execl(sys.executable,'econtext:CONTEXT_NAME')
os.close(R);os.write(1,b'EC0\n');n=CORE_LEN;b=b''
while len(b)<n:
 c=os.read(0,n-len(b))
 if not c:os._exit(1)
 b+=c
b=zlib.decompress(b)
while b:b=b[os.write(W,b):]
os.write(1,b'EC1\n');os._exit(0)
