import os,zlib
os.write(1,b'EC0\n');n=CORE_LEN;b=b''
while len(b)<n:
 c=os.read(0,n-len(b))
 if not c:os._exit(1)
 b+=c
os.dup2(0,100);b=compile(zlib.decompress(b),'<econtext.core>','exec')
os.write(1,b'EC1\n');exec(b)
