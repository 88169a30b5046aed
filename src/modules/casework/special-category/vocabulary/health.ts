/**
 * Health: conditions, impairments, treatments, medicines classes, services and the benefits that
 * only a health condition gets. One phrase a line of the array; plurals and possessives are found
 * by the matcher, misspellings of long words too (see ../match.ts). "MS"-style entries in capitals
 * count only as written in capitals or beside a health cue ("she has ms").
 */
export const conditions = `
multiple sclerosis|MS|motor neurone disease|MND|parkinsons|parkinson|parkinsons disease|alzheimers|alzheimer|dementia|vascular dementia
epilepsy|epileptic|seizure|seizures|bipolar|bipolar disorder|schizophrenia|schizophrenic|skitzophrenia|schitzophrenia|shizophrenia|psychosis|psychotic
depression|depressed|postnatal depression|anxiety|anxious|panic attacks|panic attack|ptsd|PTSD|post traumatic stress|ocd|OCD|obsessive compulsive
eating disorder|anorexia|bulimia|personality disorder|borderline personality disorder|agoraphobia|phobia|self harm|self harms|self harming|suicide|suicidal
attempted suicide|overdose|breakdown|nervous breakdown|mental health|mental illness|mentally ill|signed off sick|sick note|fit note|sick days|sick leave
adhd|ADHD|autism|autistic|autisum|asd|ASD|aspergers|learning disability|learning disabilities|learning difficulties|learning difficulty|dyslexia|dyslexic
dyspraxia|dyscalculia|global developmental delay|developmental delay|downs syndrome|down syndrome|tourettes|cerebral palsy|spina bifida|hydrocephalus
muscular dystrophy|cystic fibrosis|sickle cell:genetic|sickle cell anaemia:genetic|thalassaemia:genetic|haemophilia:genetic|huntingtons|huntingtons disease
ehlers danlos|hypermobility|fibromyalgia|fibromialgia|chronic fatigue|chronic fatigue syndrome|me cfs|ME|cfs|CFS|long covid|covid|lupus|arthritis|arthritus
rheumatoid arthritis|osteoarthritis|osteoporosis|scoliosis|prolapsed disc|slipped disc|back pain|chronic pain|pain clinic|in constant pain|in pain|sciatica|gout
diabetes|diabetic|diabeties|type 1 diabetes|type 2 diabetes|insulin|insulin pump|blood sugar|blood sugars|hypoglycaemia|asthma|asthmatic|asthama|inhaler|inhalers
copd|COPD|emphysema|bronchitis|pneumonia|lung disease|oxygen|sleep apnoea|narcolepsy|cancer|cancerous|tumour|brain tumour|tumor|leukaemia|leukemia|lymphoma
melanoma|chemotherapy|chemo|radiotherapy|oncology|mastectomy|terminal|terminally ill|terminal cancer|palliative|end of life|hospice care|heart attack|cardiac arrest
heart failure|heart condition|heart disease|angina|bypass|triple bypass|pacemaker|stroke|strokes|mini stroke|high blood pressure|blood pressure|hypertension
kidney|kidney failure|kidney disease|kidney patient|dialysis|haemodialysis|transplant|liver transplant|kidney transplant|liver disease|cirrhosis|hepatitis
crohns|crohns disease|colitis|ulcerative colitis|ibs|IBS|coeliac|coeliac disease|stoma|colostomy|ileostomy|incontinence|catheter|hiv|HIV|AIDS
sexually transmitted:sex|sti:sex|STI:sex|sexual health:sex|hysterectomy|endometriosis|ivf|IVF|fertility|fertility treatment|infertility|miscarriage
pregnant|pregnancy|maternity|c section|caesarean|premature|neonatal|stillbirth|postnatal|hypothyroidism|thyroid|migraine|migraines|tinnitus|vertigo
head injury|brain injury|coma|sepsis|intensive care|amputated|amputation|amputee|paralysed|paraplegic|quadriplegic|wheelchair|wheelchair user|crutches
mobility scooter|walking frame|stairlift|blind|partially sighted|registered blind|sight loss|visually impaired|macular degeneration|glaucoma|cataract|cataracts
deaf|hard of hearing|hearing loss|hearing aid|hearing aids|bsl|stammer|stutter|nut allergy|allergy|allergic|anaphylaxis|epipen|cleft palate|alcoholic
alcoholism|alcohol dependency|addiction|addicted|drug addiction|heroin|methadone|rehab|detox|disabled|disability|disabilities|disabeled|disabilty
dissability|registered disabled|severely disabled|impairment|impaired|illness|ill|sick|sickness|unwell|medical|medical condition|health condition
operation|surgery|knee replacement|hip replacement|hip operation|spinal fusion|physiotherapy|physio|occupational therapist|occupational therapy
medication|medicine|medicines|antidepressants|antidepressant|antipsychotics|painkillers|morphine|prescription|prescriptions|steroids|eye drops|chemist|pharmacy
diagnosis|diagnosed|undiagnosed|misdiagnosed|symptoms|gp|GP|doctor|doctors|nurse|consultant|specialist
hospital|hospitalised|a e|accident and emergency|clinic|nhs|dentist|orthodontist|optician|paramedic|paramedics|ambulance|camhs|CAMHS|crisis team
community mental health team|psychiatric|psychiatrist|psychologist|counsellor|counselling|therapist|therapy|sectioned|mental health act|care home|nursing home
carer|carers|carers allowance|care package|social worker|adaptations|pip|PIP|esa|ESA|dla|DLA|lcwra|LCWRA|lcw|LCW|work capability assessment|blue badge
ehcp|EHCP|SEND|SEN|special needs|special educational needs|additional needs|health|health visitor|non verbal|radar key|gender clinic:sex
gender identity clinic:sex|gender dysphoria:sex|gender reassignment surgery:sex|health visitor|health condition|brca:genetic|brca1:genetic|brca2:genetic
appendicitis|anaemia|anemia|aneurysm|atrial fibrillation|bells palsy|brain damage|broken leg|broken arm|broken hip|broken wrist|broken ankle|broken bones|fracture|fractured|carpal tunnel|cellulitis|chest infection|chronic kidney disease|cluster headaches|concussion|congenital|dermatitis|eczema|psoriasis|diverticulitis|dvt|DVT|blood clot|embolism|encephalitis|gallstones|hernia|insomnia|jaundice|kidney stones|lymphoedema|meningitis|menopause|mesothelioma|mrsa|MRSA|measles|myeloma|obesity|morbidly obese|pancreatitis|paralysis|pulmonary fibrosis|shingles|spinal injury|spinal cord injury|thrombosis|tuberculosis|TB|ulcer|whiplash|chronic illness|long term condition|long term illness|long term health condition|frail|frailty|housebound|bedbound|bed bound|bedridden|injury|injured|injuries|sprain|wheelchair bound|memory loss|speech therapy|speech and language therapy|occupational health|hearing impaired|sight impaired|mental breakdown|trauma|traumatised|flashbacks|hallucinations|hearing voices|self neglect|hoarding disorder|neurodivergent|neurodiverse|sensory processing|sensory needs|speech delay|selective mutism|nebuliser|ventilator|feeding tube|peg feed|tracheostomy|metformin|warfarin|anticoagulants|statins|opioids|codeine|tramadol|gabapentin|pregabalin|sertraline|fluoxetine|citalopram|diazepam|ritalin|methylphenidate|melatonin|hrt|HRT|contraception|smear test|mammogram|biopsy|mri|MRI|ct scan|x ray|blood test|blood tests|ecg|endoscopy|colonoscopy|a and e|urgent care|hospital appointment|outpatient|outpatients|inpatient|discharged from hospital|admitted to hospital|icu|high dependency|respite care|district nurse|community nurse|macmillan nurse|midwife|neurologist|cardiologist|oncologist|surgeon|anaesthetist|continuing healthcare|nhs continuing healthcare|attendance allowance|limited capability for work|fit for work|sick pay|statutory sick pay|disability living allowance|personal independence payment|employment and support allowance|access to work|disabled facilities grant|motability|disabled parking bay|disabled toilet|accessible toilet|severe disability premium|suffers from|suffering from|suffers with|suffering with|suffer from|suffer with|diagnosed with|on medication for|under the care of|in and out of hospital|painful|in agony|unable to walk|cant walk|cannot walk|mobility issues|mobility problems|health problems|health issues|medical needs|medical evidence|medical records|medical appointment|health reasons|medical reasons|intersex:sex|had a fall|broke my wrist|broke my leg|broke my arm|broke my hip|broke my ankle|broke my back|broke my neck|broke my collarbone|broke my shoulder|broke my nose|broke my foot|broke my hand|broke my jaw|broke my pelvis|broke my ribs|broke her wrist|broke her leg|broke her arm|broke her hip|broke her ankle|broke her back|broke her neck|broke her collarbone|broke her shoulder|broke her nose|broke her foot|broke her hand|broke her jaw|broke her pelvis|broke her ribs|broke his wrist|broke his leg|broke his arm|broke his hip|broke his ankle|broke his back|broke his neck|broke his collarbone|broke his shoulder|broke his nose|broke his foot|broke his hand|broke his jaw|broke his pelvis|broke his ribs|broke their wrist|broke their leg|broke their arm|broke their hip|broke their ankle|broke their back|broke their neck|broke their collarbone|broke their shoulder|broke their nose|broke their foot|broke their hand|broke their jaw|broke their pelvis|broke their ribs
`;

/**
 * Service and treatment words that say something about a person's health only when the sentence
 * is about a person ("my mum is in hospital"), not about the service ("the hospital car park").
 */
export const serviceWords = new Set([
  'hospital', 'ward', 'clinic', 'nhs', 'gp', 'doctor', 'doctors', 'nurse', 'consultant', 'specialist', 'dentist', 'orthodontist', 'optician',
  'paramedic', 'paramedics', 'ambulance', 'a e', 'accident and emergency', 'pharmacy', 'chemist', 'operation', 'surgery', 
  'health', 'medical', 'maternity', 'care home', 'nursing home', 'carer', 'carers',
  'social worker', 'counsellor', 'therapist', 'therapy', 'physio', 'physiotherapy', 'oxygen', 'insulin', 'kidney',
  'sick', 'ill', 'transplant', 'bypass', 'medicine', 'medicines', 'prescription', 'prescriptions',
  'adaptations', 'premature', 'surgeon', 'midwife', 'urgent care', 'outpatient', 'injury', 'injured', 'injuries', 'trauma', 'covid', 'allergy', 'rehab', 'terminal', 'blood pressure', 'mental health', 'hospice care',
  'painful', 'hospice', 'audiology', 'podiatry', 'cardiology', 'neurology', 'rheumatology', 'dermatology', 'urology', 'gynaecology', 'haematology',
  'paediatrics', 'ophthalmology', 'radiology', 'orthopaedics', 'minor injuries unit', 'walk in centre', 'urgent treatment centre',
  'flu', 'influenza', 'hoist', 'grab rails', 'breastfeeding', 'mental health services', 'mental health team', 'psychiatric hospital', 'stroke unit', 'cancer ward', 'renal unit', 'wheelchair services', 'crisis line',
]);
